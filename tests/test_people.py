"""People: NER mentions, nominative names, surname linking, roles, lookup keys (invented people and texts)."""

from __future__ import annotations

import pytest

from bot.news.people import find_people, nominative_phrase, speaker_key, surname_key, surname_matches


def _person(text: str, surname: str):
    people = find_people(text)
    found = [p for p in people.persons if p.last and speaker_key(p.last) == speaker_key(surname)]
    assert found, [p.name for p in people.persons]
    return found[0], people


def test_oblique_first_mention_is_normalised_to_nominative() -> None:
    person, _ = _person("Проект поддержали у Александра Дрозденко в администрации области.", "Дрозденко")
    assert person.name == "Александр Дрозденко"


def test_bare_and_inflected_surnames_link_to_the_full_name() -> None:
    text = (
        "Вице-премьер Иван Сомов посетил завод в Твери. Рабочие задали Сомову много вопросов. "
        "Сомов ответил на все."
    )
    person, people = _person(text, "Сомов")
    assert person.name == "Иван Сомов"
    assert [m.text for m in person.mentions] == ["Иван Сомов", "Сомову", "Сомов"]
    assert len([p for p in people.persons if p.last and speaker_key(p.last) == "сомов"]) == 1


def test_feminine_surname_in_oblique_case_links() -> None:
    text = "Министр энергетики Марина Громова приехала в Тулу. Решение Громовой поддержали депутаты."
    person, _ = _person(text, "Громова")
    assert person.name == "Марина Громова"
    assert person.gender == "femn"
    assert len(person.mentions) == 2


def test_role_before_the_name() -> None:
    person, _ = _person("Министр энергетики Марина Громова открыла подстанцию.", "Громова")
    assert person.role == "министр энергетики"  # lower case even at a sentence start


def test_role_in_apposition_after_the_name() -> None:
    text = "Александр Дрозденко, губернатор Ленинградской области России, открыл новую школу."
    person, _ = _person(text, "Дрозденко")
    assert person.role == "губернатор Ленинградской области России"


def test_role_from_an_oblique_mention_is_put_into_the_nominative() -> None:
    text = "Агентство сообщило об этом со ссылкой на вице-премьера Ивана Сомова."
    person, _ = _person(text, "Сомов")
    assert person.role == "вице-премьер"


def test_nominative_phrase_agrees_adjectives_with_the_head() -> None:
    assert nominative_phrase("избранного американского лидера") == "избранный американский лидер"
    assert nominative_phrase("главе Центра разработок") == "глава Центра разработок"


def test_name_and_patronymic_alias_links_to_the_full_name() -> None:
    text = "Павел Ильич Крутов приехал на завод. Павел Ильич осмотрел цеха."
    person, _ = _person(text, "Крутов")
    assert len(person.mentions) == 2


@pytest.mark.parametrize(
    "name",
    ["дрозденко", "Дрозденко", "Александра Дрозденко", "Александр Дрозденко", "АЛЕКСАНДР ДРОЗДЕНКО"],
)
def test_speaker_key_is_the_same_for_every_form(name: str) -> None:
    assert speaker_key(name) == "дрозденко"


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("Кречетовой", "кречетов"),
        ("Кречетова", "кречетов"),
        ("Сомова", "сомов"),
        ("Сомову", "сомов"),
        ("Лёвкин", "левкин"),
        ("Вишневской", "вишневский"),
    ],
)
def test_surname_key_lemmatises_inflected_surnames(word: str, key: str) -> None:
    assert surname_key(word) == key


def test_surname_matches_bare_and_inflected_queries() -> None:
    assert surname_matches("сомова", "Иван Сомов")
    assert surname_matches("Кречетовой", "Татьяна Кречетова")
    assert surname_matches("Ивана Сомова", "Иван Сомов")
    assert not surname_matches("Петров", "Иван Сомов")
    assert not surname_matches("Олег Сомов", "Иван Сомов")
    assert not surname_matches("", "Иван Сомов")


def test_text_without_people() -> None:
    assert find_people("Цены на бензин выросли на два процента.").persons == []


def test_namesakes_a_bare_surname_goes_to_the_one_whose_nominative_it_is() -> None:
    text = (
        "Глава района Павел Синицын открыл школу. Директором назначена Ирина Синицына, учитель истории. "
        "Синицына считает, что классов хватит. Синицын сказал, что ремонт окончен."
    )
    people = find_people(text)
    owners = {m.text: people.persons[m.person].name for m in people.mentions if m.text in ("Синицына", "Синицын")}
    assert owners == {"Синицына": "Ирина Синицына", "Синицын": "Павел Синицын"}


def test_a_bare_surname_in_the_nominative_is_read_as_nominative() -> None:
    text = "Подруга писателя Мария Колокольцева приехала в Тверь. Колокольцева рассказала, что роман дописан."
    people = find_people(text)
    bare = next(m for m in people.mentions if m.text == "Колокольцева")
    assert bare.case == "nomn"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Слова Йоргоса Папандониса процитировали греческие газеты.", "Йоргос Папандонис"),  # Greek
        ("Заявление Мурада аль-Хашими распространило агентство.", "Мурад аль-Хашими"),  # Arabic
        ("Интервью Тому Локхарту дал мэр.", "Том Локхарт"),
        ("Встреча с Лиамом Хоулеттом прошла в Дублине.", "Лиам Хоулетт"),
        ("Беседа с Абу Карамой продолжалась час.", "Абу Карама"),
        ("Позиция Левана Гогиберидзе не изменилась.", "Леван Гогиберидзе"),  # Georgian: indeclinable
        ("Гол Фелипе Массы решил исход матча.", "Фелипе Масса"),
    ],
)
def test_names_pymorphy_does_not_know_are_put_into_the_nominative(text: str, name: str) -> None:
    assert [p.name for p in find_people(text).persons] == [name]


def test_the_articles_own_nominative_mention_names_a_foreign_surname() -> None:
    text = "Письмо Ральфа Деккерта получили в мэрии. Деккерт заявил, что письмо подлинное."
    person, people = _person(text, "Деккерт")
    assert person.name == "Ральф Деккерт"
    assert [m.text for m in person.mentions] == ["Ральфа Деккерта", "Деккерт"]


def test_a_title_or_preposition_swept_into_a_name_is_left_out() -> None:
    person, _ = _person("Экс-вице-премьер Игорь Дымов открыл завод.", "Дымов")
    assert (person.name, person.role) == ("Игорь Дымов", "экс-вице-премьер")


def test_the_original_spelling_in_brackets_is_not_part_of_the_name() -> None:
    person, _ = _person("Новый комиссар полиции Кэтрин Дойл (Catherine Doyle) приступила к работе.", "Дойл")
    assert person.name == "Кэтрин Дойл"
