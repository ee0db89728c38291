"""Quote extraction on sentences written for these tests (invented people; general news conventions)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.news.language import paragraphs
from bot.news.quotemarks import quotations
from bot.news.quotes import Quote, extract_quotes


def _quotes(text: str) -> list[Quote]:
    quotes = extract_quotes(text)
    for q in quotes:
        assert text[q.start : q.end] == q.text
        assert q.kind in ("direct", "indirect")
    return quotes


def _one(text: str) -> Quote:
    quotes = _quotes(text)
    assert len(quotes) == 1, quotes
    return quotes[0]


def _surname(q: Quote) -> str:
    return q.speaker.split()[-1]


# ---------------------------------------------------------------- direct speech


def test_guillemets_with_dash_attribution() -> None:
    text = "Мэр Самары Олег Курнаков открыл мост. «Мост простоит сто лет», - сказал Олег Курнаков."
    q = _one(text)
    assert (q.speaker, q.kind, q.text) == ("Олег Курнаков", "direct", "Мост простоит сто лет")
    assert q.role == "мэр Самары"


def test_straight_quotes_and_em_dash() -> None:
    q = _one('Тренер Павел Ветров доволен. "Команда сыграла отлично", — заявил Ветров.')
    assert (_surname(q), q.text) == ("Ветров", "Команда сыграла отлично")


def test_low_quotes_and_en_dash() -> None:
    q = _one("„Мы готовы к зиме“ – сообщил директор Игорь Лапин журналистам.")
    assert (q.speaker, q.text) == ("Игорь Лапин", "Мы готовы к зиме")


def test_colon_intro() -> None:
    q = _one("Депутат Кира Морошкина добавила: «Закон примут до конца года».")
    assert (q.speaker, q.kind, q.text) == ("Кира Морошкина", "direct", "Закон примут до конца года")


def test_quote_split_by_its_attribution_gives_two_spans_one_speaker() -> None:
    text = "«Мы начали ремонт, - заявил глава района Антон Белкин. - Дороги откроют в мае»."
    quotes = _quotes(text)
    assert [q.text for q in quotes] == ["Мы начали ремонт", "Дороги откроют в мае"]
    assert {q.speaker for q in quotes} == {"Антон Белкин"}


def test_dash_inside_quote_without_speech_verb_is_not_an_attribution() -> None:
    text = "«Но мы идем дальше - это только начало пути», - сказал Антон Белкин."
    q = _one(text)
    assert q.text == "Но мы идем дальше - это только начало пути"
    assert q.speaker == "Антон Белкин"


def test_quote_over_several_sentences() -> None:
    text = "«Работы много. Сроки сжатые. Но мы справимся», — отметил инженер Семён Гусляков."
    q = _one(text)
    assert q.text == "Работы много. Сроки сжатые. Но мы справимся"


def test_nested_quotes_sharing_the_closing_mark() -> None:
    text = "«Это напоминает сказку «Три медведя», — сказал писатель Лев Остожин."
    q = _one(text)
    assert q.text.endswith("сказку «Три медведя")
    assert q.speaker == "Лев Остожин"


def test_quoted_fragment_inside_a_sentence() -> None:
    text = "Министр Ольга Брусникина назвала ситуацию «крайне тревожной»."
    q = _one(text)
    assert (q.speaker, q.kind, q.text) == ("Ольга Брусникина", "direct", "крайне тревожной")


def test_quoted_names_of_organisations_are_not_quotes() -> None:
    assert _quotes("Компания «Северный ветер» открыла офис в Омске, сообщает агентство «Город».") == []


def test_continuation_paragraph_after_a_quote_continues_the_speaker() -> None:
    text = (
        "«Урожай в этом году хороший», — сказал фермер Ефим Сорокоумов.\n"
        "«Зерна хватит на всю область и еще останется на продажу»."
    )
    quotes = _quotes(text)
    assert len(quotes) == 2
    assert {q.speaker for q in quotes} == {"Ефим Сорокоумов"}


def test_second_quote_after_attribution_and_dash() -> None:
    text = "«Я не спешу», – сказал Ефим Сорокоумов, когда его спросили о продаже. – «Сначала посчитаем»."
    quotes = _quotes(text)
    assert [q.text for q in quotes] == ["Я не спешу", "Сначала посчитаем"]
    assert {q.speaker for q in quotes} == {"Ефим Сорокоумов"}


def test_report_verb_with_inflected_name() -> None:
    text = (
        "Глава фонда Тимур Ясенев выступил в Казани. «Денег хватит всем», — приводит агентство слова Ясенева."
    )
    q = _one(text)
    assert (q.speaker, q.text) == ("Тимур Ясенев", "Денег хватит всем")


# ---------------------------------------------------------------- indirect speech


def test_indirect_with_chto_and_adverbial_between() -> None:
    q = _one("Губернатор Павел Лосев заявил в понедельник, что бюджет области будет выполнен.")
    assert (q.speaker, q.kind, q.text) == ("Павел Лосев", "indirect", "бюджет области будет выполнен")


def test_indirect_speech_verbs_are_matched_by_lemma() -> None:
    for verb in ("подчеркнула", "пояснила", "напомнила", "рассказывает", "считает", "надеется"):
        q = _one(f"Судья Нина Горелова {verb}, что решение будет принято вовремя.")
        assert (q.speaker, q.text) == ("Нина Горелова", "решение будет принято вовремя"), verb


def test_speech_predicate_beyond_verbs() -> None:
    q = _one("Министр Нина Горелова обратила внимание на то, что очереди в поликлиниках сократились.")
    assert (q.speaker, q.text) == ("Нина Горелова", "очереди в поликлиниках сократились")


def test_po_slovam_with_inflected_name() -> None:
    q = _one("По словам Тимура Ясенева, фонд выделит деньги на три новые школы.")
    assert (q.speaker, q.kind, q.text) == (
        "Тимур Ясенев",
        "indirect",
        "фонд выделит деньги на три новые школы",
    )


def test_speaker_after_the_clause() -> None:
    q = _one("Цены на хлеб не вырастут до весны, заявил министр сельского хозяйства Глеб Орешкин.")
    assert (q.speaker, q.text) == ("Глеб Орешкин", "Цены на хлеб не вырастут до весны")


def test_kak_otmetil() -> None:
    text = "Экономист Глеб Орешкин выступил на форуме. Как отметил экономист, инфляция замедлится к лету."
    q = _one(text)
    assert (q.speaker, q.text) == ("Глеб Орешкин", "инфляция замедлится к лету")


def test_ob_etom_zayavil_takes_the_previous_sentence() -> None:
    text = "Новый стадион откроют в августе. Об этом заявил мэр города Вадим Кречетов."
    q = _one(text)
    assert (q.speaker, q.text) == ("Вадим Кречетов", "Новый стадион откроют в августе")


def test_promise_with_infinitive() -> None:
    q = _one("Мэр Вадим Кречетов пообещал построить три детских сада до конца года.")
    assert q.text == "построить три детских сада до конца года"


def test_coordinated_speech_verbs_give_two_quotes() -> None:
    text = "Мэр Вадим Кречетов напомнил, что мост уже построен, и подчеркнул, что дорогу откроют весной."
    quotes = _quotes(text)
    assert [q.text for q in quotes] == ["мост уже построен", "дорогу откроют весной"]
    assert {q.speaker for q in quotes} == {"Вадим Кречетов"}


# ---------------------------------------------------------------- speaker resolution


def test_pronoun_uses_the_verb_gender() -> None:
    text = (
        "Директор школы Анна Ветлугина встретилась с мэром Вадимом Кречетовым. "
        "Она заявила, что ремонт закончат к сентябрю."
    )
    q = _quotes(text)[-1]
    assert (q.speaker, q.text) == ("Анна Ветлугина", "ремонт закончат к сентябрю")


def test_masculine_pronoun_skips_a_woman() -> None:
    text = (
        "Мэр Вадим Кречетов встретился с директором школы Анной Ветлугиной. "
        "Он сказал, что денег на ремонт хватит."
    )
    q = _quotes(text)[-1]
    assert q.speaker == "Вадим Кречетов"


def test_pronoun_resolves_to_a_person_first_named_in_an_oblique_case() -> None:
    text = (
        "Агентство сообщило о новых мерах со ссылкой на вице-премьера Ивана Сомова. "
        "По его словам, налоги для малого бизнеса снизят."
    )
    q = _one(text)
    assert (q.speaker, q.text) == ("Иван Сомов", "налоги для малого бизнеса снизят")
    assert q.role == "вице-премьер"


def test_title_resolves_to_the_person_with_that_role() -> None:
    text = (
        "Губернатор Ирина Шестопалова провела совещание с министром финансов Львом Ряшенцевым. "
        "«Бюджет сбалансирован», — сказала губернатор."
    )
    q = _one(text)
    assert q.speaker == "Ирина Шестопалова"


def test_title_resolves_to_the_current_speaker() -> None:
    text = (
        "«Мы ждем инвесторов», — сказал министр экономики Роман Дубков. "
        "«Условия для них лучшие в регионе», — добавил министр."
    )
    quotes = _quotes(text)
    assert [_surname(q) for q in quotes] == ["Дубков", "Дубков"]


def test_unnamed_person_blocks_the_pronoun() -> None:
    text = (
        "Мэр Вадим Кречетов подписал указ. Вечером 40-летний мужчина вышел на улицу. "
        "Он сообщил, что ничего не знал об указе."
    )
    assert all(q.text != "ничего не знал об указе" for q in _quotes(text))


def test_title_with_another_persons_name_is_someone_else() -> None:
    text = "Суд над Борисом Кукушкиным начался. Адвокат Кукушкина заявил, что его подзащитный невиновен."
    assert _quotes(text) == []


# ---------------------------------------------------------------- negatives


def test_press_services_ministries_and_unnamed_sources_are_not_persons() -> None:
    text = (
        "Пресс-служба министерства сообщила, что проверка завершена. "
        "Министерство заявило, что нарушений нет. "
        "«Выводы будут сделаны», — говорится в сообщении ведомства. "
        "Источник в правительстве рассказал, что отставок не будет."
    )
    assert _quotes(text) == []


def test_plural_groups_are_not_persons() -> None:
    text = "Депутаты заявили, что поддержат закон. Эксперты считают, что цены вырастут."
    assert _quotes(text) == []


def test_first_person_verbs_are_not_reported_speech() -> None:
    assert _quotes("Со своей стороны обещаю, что работа будет продолжена.") == []


def test_headline_line_is_not_the_antecedent_of_ob_etom() -> None:
    text = "Новый мост через Волгу\nОб этом заявил губернатор Павел Лосев."
    assert _quotes(text) == []


def test_link_broken_line_is_glued_back() -> None:
    text = "Губернатор Павел Лосев заявил, что\nдорогу отремонтируют\nк осени."
    q = _one(text)
    assert q.text == "дорогу отремонтируют\nк осени"


# ---------------------------------------------------------------- structure helpers and robustness


def test_quote_spans_nested_and_unclosed() -> None:
    text = "«Он сказал: «нет», и ушел». Потом «еще"
    (para,) = paragraphs(text)
    spans = quotations(text, para.start, para.end)
    assert [(q.open, q.close) for q in spans] == [(0, text.index("».")), (text.rindex("«"), -1)]


def test_empty_and_blank_text() -> None:
    assert extract_quotes("") == []
    assert extract_quotes("  \n\n ") == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(
                [
                    "«",
                    "»",
                    '"',
                    "„",
                    "“",
                    " - ",
                    " — ",
                    ", ",
                    ". ",
                    "\n",
                    "\n\n",
                    "заявил",
                    "сказала",
                    "Иван Петров",
                    "По словам",
                    "Об этом",
                    "что",
                    "он",
                    "она",
                    "мэр",
                    ":",
                ]
            ),
        ),
        max_size=25,
    ).map("".join)
)
def test_any_text_gives_valid_quotes(text: str) -> None:
    for q in extract_quotes(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.kind in ("direct", "indirect")
        assert q.speaker


def test_a_bystander_of_the_other_gender_does_not_break_pronoun_resolution() -> None:
    # Regression: comparing a pymorphy3 gender with an invalid grammeme raised ValueError during ingest.
    text = (
        "Министр транспорта Анна Котова осмотрела новый вокзал в Выборге. "
        "Пассажир поезда пожаловался на очереди в кассы. "
        "Она пояснила, что к зиме откроют ещё четыре кассы."
    )
    quotes = extract_quotes(text)
    assert [(q.speaker, q.kind) for q in quotes] == [("Анна Котова", "indirect")]
    assert quotes[0].text == text[quotes[0].start : quotes[0].end]
