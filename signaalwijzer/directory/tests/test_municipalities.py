from signaalwijzer.directory.municipalities import municipalities, municipality_name


def test_all_342_municipalities_of_2023_are_there_once():
    codes = [code for code, _name in municipalities()]
    assert len(codes) == 342
    assert len(set(codes)) == 342


def test_names_with_a_comma_survive_the_csv():
    assert municipality_name("GM0820") == "Nuenen, Gerwen en Nederwetten"
    assert municipality_name("GM0988") == "Weert"
    assert municipality_name("GM9999") is None
