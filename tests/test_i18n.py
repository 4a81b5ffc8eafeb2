"""French for French users: the language chosen, the catalog complete, JSON the same in both languages."""

from __future__ import annotations

import subprocess
import sys

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from landscape import i18n

from landscape.model import vocab
from landscape.i18n import resolve_lang
from landscape.model.labels import LABELS, LABELS_FR


@pytest.mark.parametrize("option, setting, env, expected", [
    (None, None, {"LANG": "fr_FR.UTF-8"}, "fr"),
    (None, None, {"LANG": "en_GB.UTF-8"}, "en"),
    (None, None, {"LC_ALL": "fr_CA", "LANG": "en_US"}, "fr"),
    (None, None, {"LC_MESSAGES": "de_DE", "LANG": "fr_FR"}, "en"),
    (None, None, {}, "en"),
    (None, "fr", {"LANG": "en_US"}, "fr"),
    ("en", "fr", {"LANG": "fr_FR"}, "en"),
])
def test_the_language_is_the_option_then_the_setting_then_the_locale(option, setting, env, expected):
    assert resolve_lang(option, setting, env) == expected


def test_every_interface_string_has_a_french_translation():
    with open(i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / "landscape.po", "rb") as fh:
        catalog = read_po(fh)
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    found = {message for _, _, message, _, _ in extract_from_dir(
        str(i18n.LOCALE_DIR.parent.parent), method_map=[("landscape/**.py", "python"), ("tui/**.py", "python")],
        keywords=keywords)}
    missing = [m for m in found if not (catalog.get(m) and catalog.get(m).string)]
    assert missing == []


def test_the_compiled_catalog_is_the_one_the_po_file_gives(tmp_path):
    from babel.messages.mofile import write_mo

    po = i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / "landscape.po"
    with open(po, "rb") as fh:
        catalog = read_po(fh)
    out = tmp_path / "landscape.mo"
    with open(out, "wb") as fh:
        write_mo(fh, catalog)
    assert out.read_bytes() == po.with_suffix(".mo").read_bytes(), "run: pybabel compile -d landscape/locale -D landscape"


@pytest.mark.parametrize("vocabulary", sorted(LABELS))
def test_every_vocabulary_value_has_a_french_and_an_english_label(vocabulary):
    assert set(LABELS_FR[vocabulary]) >= set(LABELS[vocabulary])


def test_vocab_codes_all_have_labels():
    assert set(LABELS["role"]) == set(vocab.ROLES) and set(LABELS["plan_status"]) == set(vocab.PLAN_STATUSES)


def test_french_dates_and_numbers():
    i18n.set_lang("fr")
    try:
        assert i18n.format_date("2017-12-12") == "12 décembre 2017"
        assert i18n.format_date("2017-12") == "décembre 2017" and i18n.format_date("2017") == "2017"
        assert i18n.format_number(45000) == "45\u202f000"
    finally:
        i18n.set_lang("en")
    assert i18n.format_date("2017-12-12") == "12 December 2017"


def test_a_departement_page_in_french_and_the_same_json(cli, real_db, monkeypatch):
    fr = cli("--lang", "fr", "departement", "40", db=real_db)
    assert fr.code == 0, fr.err
    assert "Plans par génération" in fr.out and "feuille de route FNE 2024-2027" in fr.out
    assert "24 septembre 2024" in fr.out and "Qui agit sur le territoire" in fr.out
    en = cli("--lang", "en", "departement", "40", db=real_db)
    assert "Plans by generation" in en.out and "2024-09-24" in en.out
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert "Situation\u00a0: " in cli("departement", "40", db=real_db).out  # the locale decides by default
    assert cli("--lang", "fr", "departement", "40", "--json", db=real_db).out == \
        cli("--lang", "en", "departement", "40", "--json", db=real_db).out


def test_a_brief_in_french(cli, real_db):
    md = cli("--lang", "fr", "brief", "wetechcare", "--markdown", db=real_db).out
    assert md.startswith("# WeTechCare — fiche") and "## Rôle dans la stratégie nationale" in md
    assert "## Concurrents" in md and "## Derniers événements" in md and "## Sources" in md
    assert cli("--lang", "fr", "brief", "wetechcare", "--json", db=real_db).out == \
        cli("--lang", "en", "brief", "wetechcare", "--json", db=real_db).out


def test_threads_see_the_chosen_language():
    """The dashboard's thread workers start with an empty context: they must still write French."""
    import threading

    seen = []
    i18n.set_lang("fr")
    try:
        thread = threading.Thread(target=lambda: seen.append((i18n.get_lang(), i18n._("Competitors"))))
        thread.start()
        thread.join()
    finally:
        i18n.set_lang("en")
    assert seen == [("fr", "Concurrents")] and i18n.get_lang() == "en"
