"""`tidings actors ...` and the PETRARCH importer (no spaCy needed)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tidings.actors import load_kb, parse_petrarch, petrarch_name, resolve_text
from tidings.cli import main
from tidings.errors import TidingsError

DATA = Path(__file__).parent / "data" / "petrarch"


@pytest.fixture()
def user(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "actors.yaml"
    monkeypatch.setenv("TIDINGS_ACTORS", str(path))
    return path


def test_add_then_show_and_list(user, capsys):
    assert main(["actors", "add", "Kestrel Front", "--code", "IRQREB", "--alias", "Kestrels"]) == 0
    assert user.exists()
    capsys.readouterr()
    assert main(["actors", "show", "Kestrels"]) == 0
    out = capsys.readouterr().out
    assert "IRQREB" in out and "country=IRQ" in out and "sector=REB" in out
    assert main(["actors", "list", "--user"]) == 0
    out = capsys.readouterr().out
    assert "Kestrel Front" in out and "Kestrels" in out


def test_user_entry_overrides_the_base(user):
    main(["actors", "add", "NATO", "--code", "IGOXXXNAT", "--kind", "igo"])
    assert resolve_text("NATO", kb=load_kb(user)).code == "IGOXXXNAT"
    assert resolve_text("NATO", kb=load_kb(use_user=False)).code == "IGOWSTNAT"


def test_dated_roles_pick_by_date(user):
    main(["actors", "add", "Mara Quell", "--code", "PERGOV", "--kind", "person",
          "--start", "2018-01-01", "--end", "2021-01-01"])
    main(["actors", "add", "Mara Quell", "--code", "PEROPP", "--kind", "person",
          "--start", "2021-01-01"])
    kb = load_kb(user)
    assert resolve_text("Mara Quell", "2019-05-05", kb=kb).code == "PERGOV"
    assert resolve_text("Mara Quell", "2022-05-05", kb=kb).code == "PEROPP"


def test_file_flag_wins_over_environment(user, tmp_path):
    other = tmp_path / "other.yaml"
    assert main(["actors", "--file", str(other), "add", "Blue Lantern", "--code", "IGOBLU"]) == 0
    assert other.exists() and not user.exists()


def test_bad_inputs_are_one_line_errors(user, capsys):
    assert main(["actors", "add", "X", "--code", "usa gov!"]) == 1
    assert "E042" in capsys.readouterr().err
    assert main(["actors", "add", "X", "--code", "USAGOV", "--country", "ZZZ"]) == 1
    assert main(["actors", "add", "X", "--code", "USAGOV", "--start", "10/01/2020"]) == 1
    assert "E007" in capsys.readouterr().err
    assert main(["actors", "show", "Nobody Atall"]) == 1
    assert "E051" in capsys.readouterr().err
    assert main(["actors", "remove", "Nobody Atall"]) == 1


def test_broken_user_file_reports_line(user, capsys):
    user.write_text("actors: [\n  {name: x\n")
    assert main(["actors", "show", "Iraq"]) == 1
    assert "E050" in capsys.readouterr().err


def test_petrarch_names():
    assert petrarch_name("ABDUL-MAHDI_") == "Abdul-Mahdi"
    assert petrarch_name("NATO_") == "NATO"
    assert petrarch_name("AL-QAEDA_IN_MESOPOTAMIA_") == "al-Qaeda in Mesopotamia"


def test_parse_petrarch_actors():
    actors, agents = parse_petrarch(DATA / "actors.txt")
    assert agents == []
    zara = [a for a in actors if a["name"] == "Zara Vellmore"]
    assert [(a["code"], a.get("start"), a.get("end")) for a in zara] == [
        ("IRQGOV", "2019-03-01", "2021-06-01"), ("IRQELI", "2021-06-01", None)]
    assert zara[0]["aliases"] == ["Prime Minister Vellmore", "Vellmore"]
    assert {"name": "NATO", "code": "IGOWSTNAT"} in actors


def test_parse_petrarch_agents():
    actors, agents = parse_petrarch(DATA / "agents.txt")
    got = {a["phrase"]: a["sector"] for a in agents}
    assert actors == []
    assert got["harbour warden"] == got["harbour wardens"] == "COP"      # regular plural added
    assert got["ferryman"] == got["ferrywoman"] == "BUS"                 # substitution set
    assert got["courts of small claims"] == "JUD"                        # {plural} form
    assert "court of small claimses" not in got


def test_parse_petrarch_errors(tmp_path):
    with pytest.raises(TidingsError) as e:
        parse_petrarch(DATA / "broken.txt")
    assert e.value.code == "E050" and "line 1" in e.value.message
    bad = tmp_path / "nocode.txt"
    bad.write_text("SOMEONE_\nOTHER_ [USA]\n")
    with pytest.raises(TidingsError) as e:
        parse_petrarch(bad)
    assert "has no [CODE]" in e.value.message


def test_import_petrarch_into_user_file(user, capsys):
    assert main(["actors", "import-petrarch", str(DATA / "actors.txt")]) == 0
    assert main(["actors", "import-petrarch", str(DATA / "agents.txt")]) == 0
    assert "imported" in capsys.readouterr().out
    kb = load_kb(user)
    assert resolve_text("Vellmore", "2020-01-01", kb=kb).code == "IRQGOV"
    assert resolve_text("Vellmore", "2022-01-01", kb=kb).code == "IRQELI"
    assert resolve_text("harbour wardens", kb=kb) is None        # a role alone is no actor
    assert resolve_text("Iraqi harbour wardens", kb=kb).code == "IRQCOP"
    # importing twice adds nothing
    main(["actors", "import-petrarch", str(DATA / "actors.txt")])
    assert "imported 0 actor entries" in capsys.readouterr().out
    assert main(["actors", "import-petrarch", str(DATA / "missing.txt")]) == 1


def test_show_reads_a_kb_name_inside_a_longer_unknown_name_as_the_pipeline_does(user, capsys):
    # the pipeline drops a person's alias inside a longer unknown name; show agrees
    kb = load_kb(use_user=False)
    assert resolve_text("Pompeo", kb=kb).name == "Mike Pompeo"
    assert resolve_text("Ignacio Pompeo Vance", kb=kb) is None
    assert resolve_text("Ignacio Pompeo", kb=kb) is None
    assert main(["actors", "show", "Ignacio Pompeo Vance"]) == 1
    assert "E051" in capsys.readouterr().err
    assert resolve_text("Pompeo Vance", kb=kb) is None
    # a title before the name is not more name
    assert resolve_text("Secretary of State Pompeo", kb=kb).name == "Mike Pompeo"
