"""Only sentences that stand alone: captions, back-references, quote fragments and speech, on our own text."""

from __future__ import annotations

import pytest

from bot.news.language import sentences
from bot.news.speech import QuoteSpan, quotation_states, surname_genitive
from bot.news.standalone import Reading, read


def shown(text: str, quotes: list[QuoteSpan] | None = None) -> list[str | None]:
    """What a summary would show of each sentence of ``text`` (None: left out)."""
    spans = sentences(text)
    states = quotation_states([s.text for s in spans])
    out = []
    for span, state in zip(spans, states, strict=True):
        reading = read(span.text, start=span.start, quotation=state, quotes=quotes or [])
        out.append(reading.display() if reading else None)
    return out


def quote(text: str, words: str, speaker: str, kind: str = "direct") -> QuoteSpan:
    start = text.index(words)
    return QuoteSpan(1, speaker, kind, start, start + len(words))


@pytest.mark.parametrize(
    "sentence",
    [
        "Мэр Липовца Олег Ступин на открытии моста через Сорогу",  # a photo caption
        "Фестиваль воздушных змеев в Приозерске",  # a heading
        "Ветеран гребли о регате Липовец — Приозерск.",  # a dash between names is no predicate
        "Что будет с мостом через Сорогу после ремонта?",
        "Мэр Липовца назвал три главные задачи на год:",
        "Бюджет Липовца вырос на треть, пишет «",  # a quote mark left open
        "Мост через Сорогу открыли после ремонта, сообщает Вестник. по данным мэрии",  # a lost line break
        "Ремонт моста обошёлся в 40 миллионов рублей, сообщает По данным мэрии ремонт шёл два года.",
        "71-летний Иван Сомов – почётный житель Приозерска (ул.",
    ],
)
def test_captions_headings_and_broken_lines_are_left_out(sentence: str) -> None:
    assert read(sentence) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Это позволит снизить тарифы на треть.",
        "Он был избран мэром Липовца в 2019 году.",
        "Такое решение приняли депутаты городской думы.",
        "Там же открыли новый сквер с фонтаном.",
        "Спортсменка заняла третье место на чемпионате области.",
        "Об этом сообщил пресс-секретарь мэрии Липовца.",
        "По его словам, мост откроют к осени следующего года.",  # no one to name
        "Как сообщает Вестник Липовца, об этом заявил мэр на заседании думы.",
        "В ответ депутаты потребовали отчёта о расходах на ремонт.",
        "Все они проходят по делу о ремонте моста через Сорогу.",
        "Причиной стало его несогласие с планом ремонта моста.",  # whose? named in a sentence before
        "В прошлом году она уже выступала на чемпионате области.",
        "Например, одно из направлений — ремонт школ Липовца.",
        "Что мэр Липовца согласился с предложением депутатов о ремонте.",
        "отказался пожать руку мэру Липовца и прошёл мимо.",  # the cut-off end of a sentence
    ],
)
def test_back_references_are_left_out(sentence: str) -> None:
    assert read(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "repaired"),
    [
        ("Напомним, мост через Сорогу закрыли в марте на ремонт.", "Мост через Сорогу закрыли в марте на ремонт."),
        ("Кроме того, мэрия Липовца выделит деньги на новый сквер.", "Мэрия Липовца выделит деньги на новый сквер."),
        ("При этом тарифы для жителей Липовца не вырастут.", "Тарифы для жителей Липовца не вырастут."),
        ("В свою очередь мэр Липовца Олег Ступин обещал новый мост.", "Мэр Липовца Олег Ступин обещал новый мост."),
        (
            "Как сообщало агентство СевИнформ, мост через Сорогу откроют к осени.",
            "Мост через Сорогу откроют к осени.",
        ),
        (
            "В понедельник, 9 июля, мэр Липовца Олег Ступин подал в отставку.",
            "9 июля мэр Липовца Олег Ступин подал в отставку.",
        ),
        ("В этом году урожай зерна в Приозерье вырос на треть.", "В этом году урожай зерна в Приозерье вырос на треть."),
        ("Мост , по данным мэрии , откроют к осени .", "Мост, по данным мэрии, откроют к осени."),
    ],
)
def test_connectives_are_dropped_and_the_rest_stands(sentence: str, repaired: str) -> None:
    assert read(sentence) == Reading(repaired)


@pytest.mark.parametrize(
    "sentence",
    [
        "Мэр Липовца Олег Ступин заявил, что он не уйдёт в отставку до конца срока.",
        "Компания заявила, что она не будет повышать цены на билеты.",
        "Депутаты считают, что их законопроект поддержат в правительстве.",
    ],
)
def test_a_pronoun_with_its_person_in_the_sentence_stands(sentence: str) -> None:
    assert read(sentence) == Reading(sentence)


def test_first_person_outside_quotes_is_the_outlets_voice() -> None:
    assert read("Наш город впервые принял международную выставку станков.") is None
    assert read("Мэр Липовца сказал, что «наш город готов принять выставку».") is not None


def test_a_pronoun_becomes_the_speakers_name_when_the_quotes_table_knows_it() -> None:
    text = (
        "Губернатор Приозерья Павел Горбунцов посетил новый завод. Он подчеркнул, что завод получит заказы на три "
        "года вперёд. По его словам, на заводе появятся двести рабочих мест."
    )
    quotes = [
        quote(text, "завод получит заказы на три года вперёд", "Павел Горбунцов", "indirect"),
        quote(text, "на заводе появятся двести рабочих мест", "Павел Горбунцов", "indirect"),
    ]
    assert shown(text, quotes)[1:] == [
        "Горбунцов подчеркнул, что завод получит заказы на три года вперёд.",
        "По словам Горбунцова, на заводе появятся двести рабочих мест.",
    ]
    assert shown(text)[1:] == [None, None]  # nobody known: left out


def test_a_pronoun_inside_the_sentence_is_named_too() -> None:
    text = (
        "Глава района Вера Ласточкина открыла очистные сооружения. Вопросы экологии, по её словам, останутся "
        "главными для района."
    )
    quotes = [quote(text, "Вопросы экологии", "Вера Ласточкина", "indirect")]
    assert shown(text, quotes)[1] == "Вопросы экологии, по словам Ласточкиной, останутся главными для района."
    assert shown(text)[1] is None


def test_a_subject_pronoun_after_an_opening_clause_is_named_too() -> None:
    text = "Мэр Липовца Олег Ступин выступил в думе. Говоря о мосте, он назвал ремонт главной задачей года."
    quotes = [quote(text, "ремонт главной задачей года", "Олег Ступин", "indirect")]
    assert shown(text, quotes)[1] == "Говоря о мосте, Ступин назвал ремонт главной задачей года."
    assert shown(text)[1] is None


def test_a_pronoun_of_the_other_gender_is_not_the_speaker() -> None:
    text = "Вера Ласточкина посетила завод. Он подчеркнул, что завод получит заказы на три года вперёд."
    quotes = [quote(text, "завод получит заказы на три года вперёд", "Вера Ласточкина", "indirect")]
    assert shown(text, quotes)[1] is None


def test_direct_speech_is_shown_as_speech_with_its_speaker() -> None:
    text = (
        "Губернатор Приозерья Павел Горбунцов рассказал о планах. "
        '"Мы построим в области три новые подстанции. Это укрепит сети. Работы начнутся весной", - сказал он.'
    )
    speech = text[text.index('"') + 1 : text.rindex('"')]
    # a quotation is one sentence with its attribution: «сказал он» becomes the speaker's name
    assert shown(text, [quote(text, speech, "Павел Горбунцов")])[1:] == [
        "«Мы построим в области три новые подстанции. Это укрепит сети. Работы начнутся весной», — Павел Горбунцов",
    ]
    assert shown(text)[1:] == [None]  # whose words? nobody known: never the bot's own statement


def test_quoted_words_with_a_bare_title_get_the_speakers_name() -> None:
    text = "«Решение о ремонте моста уже принято», — заявил мэр."
    words = "Решение о ремонте моста уже принято"
    assert shown(text, [quote(text, words, "Олег Ступин")]) == [
        "«Решение о ремонте моста уже принято», — заявил мэр Олег Ступин."
    ]


def test_reported_speech_named_after_it_is_attributed() -> None:
    text = "Ремонт моста через Сорогу завершится к осени. Об этом заявил мэр Липовца Олег Ступин."
    words = "Ремонт моста через Сорогу завершится к осени"
    assert shown(text, [quote(text, words, "Олег Ступин", "indirect")]) == [
        "Ремонт моста через Сорогу завершится к осени, по словам Ступина.",
        None,
    ]


def test_a_sentence_cut_from_inside_a_quote_never_shows_unbalanced_marks() -> None:
    text = 'Липовец в эти дни принимает выставку "СТАНКИ. Приозерье".'
    assert all(line is None or line.count('"') % 2 == 0 for line in shown(text))


@pytest.mark.parametrize(
    ("name", "genitive"),
    [("Павел Горбунцов", "Горбунцова"), ("Вера Ласточкина", "Ласточкиной"), ("Иван Дрозденко", "Дрозденко")],
)
def test_surnames_in_the_genitive(name: str, genitive: str) -> None:
    assert surname_genitive(name) == genitive
