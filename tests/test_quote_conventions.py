"""Conventions of Russian news copy, each on articles written for these tests (invented people and events)."""

from __future__ import annotations

from bot.news.quotes import Quote, extract_quotes


def _quotes(text: str) -> list[Quote]:
    quotes = extract_quotes(text)
    for q in quotes:
        assert text[q.start : q.end] == q.text
    return quotes


def _said(text: str) -> list[tuple[str, str, str]]:
    return [(q.speaker, q.kind, q.text) for q in _quotes(text)]


# ---------------------------------------------------------------- quote marks lost in scraping


def test_a_statement_after_a_colon_and_a_line_break_is_direct_speech() -> None:
    text = (
        "Министр спорта области Олег Таранов написал в своём телеграм-канале:\n"
        "Стадион построят к весне. Подрядчик уже выбран.\n\n"
        "Я лично буду проверять каждый этап стройки.\n\n"
        "Федерация футбола сообщила, что матчи пройдут по графику."
    )
    [quote] = _quotes(text)
    assert (quote.speaker, quote.kind, quote.rule) == ("Олег Таранов", "direct", "unmarked")
    assert quote.text == (
        "Стадион построят к весне. Подрядчик уже выбран.\n\nЯ лично буду проверять каждый этап стройки"
    )


def test_a_pronoun_lead_with_its_own_clause_gives_both_quotes() -> None:
    text = (
        "Тренер Игорь Сабуров провёл пресс-конференцию.\n"
        "Он признал, что команда сыграла слабо:\n"
        "Мы не готовы к такому темпу. Будем работать."
    )
    assert _said(text) == [
        ("Игорь Сабуров", "indirect", "команда сыграла слабо"),
        ("Игорь Сабуров", "direct", "Мы не готовы к такому темпу. Будем работать"),
    ]


def test_an_organisation_or_an_unnamed_source_after_a_colon_is_not_a_person() -> None:
    text = (
        "Тренер Игорь Сабуров провёл пресс-конференцию.\n"
        "Федерация заявляет:\nМатчи пройдут по графику.\n"
        "Источник в клубе сказал:\nТренер останется до конца сезона."
    )
    assert _quotes(text) == []


def test_a_relative_clause_in_the_lead_does_not_name_the_speaker() -> None:
    text = (
        "Вдова художника Анна Лисовская, с которой он прожил сорок лет, пролила свет на письмо, "
        "о котором ранее говорил директор музея Павел Горохов:\n"
        "Он писал его всю зиму и так и не отправил."
    )
    [quote] = _quotes(text)
    assert (quote.speaker, quote.rule) == ("Анна Лисовская", "unmarked")


def test_a_quotation_after_a_colon_that_ends_the_previous_paragraph() -> None:
    text = "Глава района Антон Белкин добавил:\n«Дороги откроют в мае»."
    assert _said(text) == [("Антон Белкин", "direct", "Дороги откроют в мае")]


def test_a_colon_after_a_statement_noun_introduces_the_subjects_words() -> None:
    text = (
        "Бывший мэр Степан Гуляев встретился с губернатором Ильёй Коноваловым. Позже письмо губернатору "
        "он не отправил, а сделал заявление: «Я ухожу из политики»."
    )
    assert ("Степан Гуляев", "direct", "Я ухожу из политики") in _said(text)


# ---------------------------------------------------------------- continuation with no verb


def test_a_first_person_passage_after_narrative_continues_the_only_speaker() -> None:
    text = (
        "«Мы открыли три новых цеха», — сказал директор завода Тимур Галеев.\n"
        "Следующий шаг — экспорт. «Мы уже договорились с партнерами из Казахстана и отправим первую партию "
        "осенью»."
    )
    quotes = _quotes(text)
    assert [(q.speaker, q.rule) for q in quotes] == [("Тимур Галеев", "dash_after"), ("Тимур Галеев", "continuation")]


def test_a_quotation_after_someone_else_is_named_does_not_continue() -> None:
    text = (
        "«Мы открыли три новых цеха», — сказал директор завода Тимур Галеев.\n"
        "На открытии был и министр Олег Разин. «Мы поддержим завод деньгами и заказами на ближайшие годы»."
    )
    assert [q.speaker for q in _quotes(text)] == ["Тимур Галеев"]


# ---------------------------------------------------------------- split quotations


def test_an_attribution_without_dashes_splits_a_quotation() -> None:
    text = '"Очереди сократились вдвое, уточнила бывший министр Алла Рябова. Но врачей всё ещё не хватает".'
    assert _said(text) == [
        ("Алла Рябова", "direct", "Очереди сократились вдвое"),
        ("Алла Рябова", "direct", "Но врачей всё ещё не хватает"),
    ]


def test_a_document_between_dashes_is_not_a_speaker() -> None:
    text = (
        "Актер Иван Ольхин скончался в Сочи. «Мы скорбим вместе с семьей, — говорится в заявлении театра. — "
        "Он был большим артистом»."
    )
    assert _quotes(text) == []


# ---------------------------------------------------------------- agencies re-quoting a person


def test_an_agency_quoting_a_person_names_the_person_in_an_oblique_case() -> None:
    text = (
        "Глава Росгидромета Сергей Рыбаков выступил на совещании. "
        "«Зима будет теплой», — цитируют РИА «Новости» Рыбакова. "
        "«Снега будет меньше нормы», — передает ТАСС слова Рыбакова."
    )
    assert [q.speaker for q in _quotes(text)] == ["Сергей Рыбаков", "Сергей Рыбаков"]


def test_an_agency_quoting_no_person_gives_no_speaker() -> None:
    text = "Министр Сергей Рыбаков уехал. «Проверка продолжится», — цитирует ТАСС пресс-службу ведомства."
    assert _quotes(text) == []


# ---------------------------------------------------------------- pronouns and «об этом»


def test_po_ego_slovam_and_kak_on_otmetil_go_to_the_right_person() -> None:
    text = (
        "Губернатор Ирина Шестопалова встретилась с министром финансов Львом Ряшенцевым. "
        "По её словам, бюджет выполнен. Ряшенцев рассказал о долгах. "
        "Как он отметил, долг области снизился на треть."
    )
    assert _said(text) == [
        ("Ирина Шестопалова", "indirect", "бюджет выполнен"),
        ("Лев Ряшенцев", "indirect", "долг области снизился на треть"),
    ]


def test_ob_etom_on_rasskazal_takes_the_previous_sentence() -> None:
    text = (
        "Фермер Никита Остапчук собрал рекордный урожай гречихи. "
        "Об этом он рассказал журналистам на ярмарке в Брянске, где продавал мед."
    )
    assert _said(text) == [("Никита Остапчук", "indirect", "Фермер Никита Остапчук собрал рекордный урожай гречихи")]


def test_a_statement_made_by_a_titled_person_points_back() -> None:
    text = (
        "Новая трасса свяжет два района к 2027 году. "
        "С таким заявлением выступил вице-губернатор области Марк Ледяев на сессии думы."
    )
    assert [(q.speaker, q.rule) for q in _quotes(text)] == [("Марк Ледяев", "anaphoric")]


def test_an_interrupting_attribution_keeps_the_whole_sentence() -> None:
    text = (
        "Мэр Вадим Кречетов выступил в думе. Сейчас, продолжил он, город достраивает две школы и поликлинику."
    )
    assert _said(text) == [
        ("Вадим Кречетов", "indirect", "Сейчас, продолжил он, город достраивает две школы и поликлинику")
    ]


def test_a_statement_in_someones_document() -> None:
    text = (
        "Фермеру Олегу Рябинину предъявили обвинение в поджоге, говорится в заявлении прокурора округа "
        "Дины Шелест, опубликованном на сайте суда."
    )
    assert _said(text) == [("Дина Шелест", "indirect", "Фермеру Олегу Рябинину предъявили обвинение в поджоге")]


def test_an_unnamed_title_inside_a_speakerless_report_is_no_one() -> None:
    text = (
        "«Проект окупится за пять лет», — сказал министр экономики Глеб Орешкин. "
        "Напомним, ранее сообщалось, что эксперт объяснил, чем опасна стройка."
    )
    assert [q.speaker for q in _quotes(text)] == ["Глеб Орешкин"]


# ---------------------------------------------------------------- predicates


def test_expressed_readiness_with_an_infinitive() -> None:
    text = "Премьер Канады Эван Трюмо также выразил готовность предоставить беженцам убежище."
    assert _said(text) == [("Эван Трюмо", "indirect", "готовность предоставить беженцам убежище")]


def test_according_to_statements_of_a_titled_person() -> None:
    text = (
        "Нападающий Рауль Алмейда пропустит матч. "
        "По заявлениям самого футболиста, травма несерьезная. "
        "По словам Алмейды ни один врач не запрещал ему тренироваться."
    )
    assert _said(text) == [
        ("Рауль Алмейда", "indirect", "травма несерьезная"),
        ("Рауль Алмейда", "indirect", "ни один врач не запрещал ему тренироваться"),
    ]


# ---------------------------------------------------------------- leads repeated in the body


def test_a_lead_line_repeated_in_the_body_is_one_quote_at_the_lead() -> None:
    text = (
        "Министр Алла Рябова отметила, что реформа поликлиник займет два года\n\n"
        "Министр здравоохранения Алла Рябова выступила в думе. Министр отметила, что реформа поликлиник займет "
        "два года."
    )
    [quote] = _quotes(text)
    assert (quote.speaker, quote.text, quote.start) == (
        "Алла Рябова",
        "реформа поликлиник займет два года",
        text.index("реформа"),
    )


def test_a_headline_without_a_reported_clause_gives_nothing() -> None:
    assert _quotes("Министр Алла Рябова посетила Тверь\n\nОна осмотрела больницу.") == []


def test_po_dannym_of_an_institution_is_not_the_person_the_clause_names() -> None:
    text = "По данным следствия 5 мая в квартире на Садовой улице Кирилл Ежов ударил соседа."
    assert _quotes(text) == []


def test_po_slovam_with_no_comma_after_a_long_source() -> None:
    text = "По словам его вдовы Анны Ветровой он работал над романом до последнего дня."
    assert _said(text) == [("Анна Ветрова", "indirect", "он работал над романом до последнего дня")]
