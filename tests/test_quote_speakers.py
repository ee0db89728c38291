"""Who is speaking: names, namesakes, pronouns, titles (sentences written for these tests, invented people)."""

from __future__ import annotations

from bot.news.quotes import Quote, extract_quotes


def _quotes(text: str) -> list[Quote]:
    quotes = extract_quotes(text)
    for q in quotes:
        assert text[q.start : q.end] == q.text
    return quotes


def _speakers(text: str) -> list[tuple[str, str]]:
    return [(q.speaker, q.text) for q in _quotes(text)]


def test_the_verb_gender_decides_between_namesakes() -> None:
    text = (
        "«Школу ждали десять лет», - сказал Павел Синицын, глава района.\n"
        "Директором назначена Ирина Синицына, учитель истории. "
        "Синицына считает, что классов хватит.\n"
        "«Мы откроем кружки для малышей», — добавила Синицына."
    )
    assert [q.speaker for q in _quotes(text)] == ["Павел Синицын", "Ирина Синицына", "Ирина Синицына"]


def test_a_spokesman_of_someone_is_not_that_someone() -> None:
    text = (
        "Губернатор Олег Шарапов посетил стройку. "
        "Пресс-секретарь губернатора заявил, что сроки не сорвут. "
        "Представитель партии Орлова сказал, что партия поддержит проект."
    )
    assert _quotes(text) == []


def test_a_dependent_title_resolves_by_its_own_role() -> None:
    text = (
        "Советник губернатора Олега Шарапова по экономике Игнат Лузин встретился с инвесторами. "
        "Советник губернатора отметил, что завод построят за два года."
    )
    assert _speakers(text) == [("Игнат Лузин", "завод построят за два года")]


def test_a_title_before_the_name_is_resolved_to_the_person_named_later() -> None:
    text = (
        "Главный санитарный врач области назвал ситуацию с гриппом «напряженной». "
        "Число заболевших выросло вдвое, заявил главный санитарный врач региона Антон Ручьев."
    )
    assert [q.speaker for q in _quotes(text)] == ["Антон Ручьев", "Антон Ручьев"]


def test_an_apposition_in_an_oblique_case_is_the_speaker() -> None:
    text = "По словам губернатора области Олега Шарапова, мост откроют весной."
    assert _speakers(text) == [("Олег Шарапов", "мост откроют весной")]


def test_a_participial_apposition_does_not_hide_the_subject() -> None:
    text = (
        "Экс-вице-премьер Игорь Дымов, являющийся советником губернатора Олега Шарапова, заявил, "
        "что проект окупится."
    )
    assert _speakers(text) == [("Игорь Дымов", "проект окупится")]


def test_tot_is_the_last_person_named_who_is_not_the_subject() -> None:
    text = "Министр Олег Рыбин спросил у Максима Орешкина, что важнее всего, на что тот ответил:\nНужны дороги."
    assert _speakers(text) == [("Максим Орешкин", "Нужны дороги")]


def test_a_gerund_takes_the_subject_of_its_main_verb() -> None:
    text = (
        "Судья Тимур Бекназаров процитировал Устав в своем решении, заявив, что права жильцов нарушены. "
        "«Решение окончательное», — сказал он, добавив, что обжаловать его нельзя."
    )
    assert [q.speaker for q in _quotes(text)] == ["Тимур Бекназаров"] * 3


def test_people_named_in_the_reported_clause_do_not_speak_it() -> None:
    text = (
        "Министр Глеб Орешкин выступил в думе. "
        "Я говорил об этом губернатору Олегу Шарапову, сказал он."
    )
    assert [q.speaker for q in _quotes(text)] == ["Глеб Орешкин"]


def test_a_long_title_resolves_to_the_person_with_that_office() -> None:
    text = (
        "Министр иностранных дел Норвегии Ула Ресвик провел переговоры с коллегой из Дании. "
        "Глава МИД Норвегии заявил, что соглашение подпишут в мае."
    )
    assert _speakers(text) == [("Ула Ресвик", "соглашение подпишут в мае")]


def test_a_title_narrowed_by_an_institution_is_not_just_anyone() -> None:
    text = (
        "Мэр Олег Шарапов открыл новое кладбище. "
        "Директор похоронного бюро заявил, что мест хватит на десять лет."
    )
    assert _quotes(text) == []


def test_an_institution_as_subject_is_no_person() -> None:
    text = "Мэр Олег Шарапов ушел в отставку через месяц после того, как суд признал его виновным в «растрате»."
    assert _quotes(text) == []


def test_a_spokesman_of_a_party_named_after_its_leader_is_not_the_leader() -> None:
    text = (
        "Лидер оппозиции Джозеф Мбеки проиграл выборы. "
        "Представитель партии Мбеки назвал итоги голосования «подлогом»."
    )
    assert _quotes(text) == []


def test_a_title_does_not_stand_for_the_person_its_clause_is_about() -> None:
    text = "Художник Павел Лунин тяжело болен. Как сообщает продюсер, Лунин просил отменить выставку."
    assert _quotes(text) == []


def test_an_apposition_after_the_name_is_not_the_statement() -> None:
    text = "Как заявил газете «Вести» Олег Мартынов, глава ассоциации пилотов, забастовка продлится неделю."
    assert _speakers(text) == [("Олег Мартынов", "забастовка продлится неделю")]
