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


# --- the CLI in French ------------------------------------------------------------------------------

NBSP = "\u00a0"


def _catalog():
    with open(i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / "landscape.po", "rb") as fh:
        return read_po(fh)


def test_every_french_translation_keeps_the_placeholders_and_french_punctuation():
    import re

    placeholder = re.compile(r"\{[a-z_]+(?:![rsa])?\}")
    wrong = []
    for message in _catalog():
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            if sorted(placeholder.findall(text)) != sorted(placeholder.findall(ids[-1 if text is not strings[0] else 0])):
                wrong.append((ids[0], text))
            if re.search(r" [:;?!]", text):  # French puts a no-break space there, never a breaking one
                wrong.append((ids[0], text))
    assert wrong == []


def test_clicks_words_we_translate_are_still_clicks():
    """Click asks gettext for these msgids; a Click that renamed one would print it in English again."""
    from pathlib import Path

    import click

    from landscape.cli.help import CLICK_MESSAGES

    source = "".join(p.read_text(encoding="utf-8") for p in Path(click.__file__).parent.glob("*.py"))
    assert [m for m in CLICK_MESSAGES if f'"{m}"' not in source] == []


def test_every_contact_kind_and_short_role_has_labels():
    from landscape.store.journal import CONTACT_KINDS

    assert set(LABELS["contact_kind"]) == set(LABELS_FR["contact_kind"]) == set(CONTACT_KINDS)
    from landscape.analysis.positioning import ROLE_SHORT, ROLE_SHORT_FR

    assert set(ROLE_SHORT) == set(ROLE_SHORT_FR) == set(vocab.ROLES)
    assert max(map(len, (*ROLE_SHORT.values(), *ROLE_SHORT_FR.values()))) <= 6


def _living(cli, db):
    """`db` with a note, a contact with its next step and an edit: history and agenda have something to say."""
    assert cli("note", "wetechcare", "Relancer sur les chiffres 2026", db=db).code == 0
    assert cli("log", "wetechcare", "--kind", "meeting", "--date", "2026-01-10", "--summary", "Point partenariat",
               "--next", "envoyer la convention", "--due", "2026-02-01", db=db).code == 0
    assert cli("edit", "plan-33-fne-2024", "--set", "period=2024-2027", "--source-note", "vu au CD le 2026-01-09",
               db=db).code == 0


JSON_COMMANDS = [
    ["show", "wetechcare"], ["show", "plan-33-fne-2024"], ["show", "gironde"], ["search", "emmaus connect"],
    ["list", "plans"], ["list", "competitors"], ["stats"], ["departement", "33"], ["departements"],
    ["departements", "--generation", "charte-2019"], ["compare", "wetechcare", "la-mednum"],
    ["competitors", "wetechcare"], ["influence", "--limit", "10"], ["positioning"], ["history"],
    ["history", "wetechcare"], ["agenda"], ["conflicts"], ["stale"], ["vocab"], ["coverage"], ["watch", "list"],
    ["inbox"], ["focal"], ["check"],
]


@pytest.mark.parametrize("command", JSON_COMMANDS, ids=" ".join)
def test_json_is_the_same_in_french_and_in_english(cli, real_db, command):
    if command[0] in ("history", "agenda", "show"):
        _living(cli, real_db)
    english = cli("--lang", "en", *command, "--json", db=real_db)
    assert english.code == 0, english.err
    assert english.out.strip()
    assert cli("--lang", "fr", *command, "--json", db=real_db).out == english.out


@pytest.mark.parametrize("ref", ["wetechcare", "gironde"])
def test_a_brief_in_json_is_the_same_for_a_french_locale(cli, real_db, monkeypatch, ref):
    english = cli("--lang", "en", "brief", ref, "--json", db=real_db).out
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert cli("brief", ref, "--json", db=real_db).out == english


def test_show_is_french_for_french_users(cli, real_db, monkeypatch):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    out = cli("show", "wetechcare", db=real_db).out
    assert out.startswith("WeTechCare  ⚠ sources en désaccord\nacteur · wetechcare\n")
    assert f"  type{NBSP}: association\n" in out and f"  secteur{NBSP}: économie sociale et solidaire" in out
    assert f"  rôles{NBSP}: fournisseur d'outils (principal)" in out
    assert "\nAssociation sœur créée par Emmaüs Connect" in out  # the French summary
    assert "\nConcurrents\n" in out and "(chevauchement fort)" in out and "\nÉvénements\n" in out
    assert "12 décembre 2017" in out and f"financé par{NBSP}: " in out
    assert "summary" not in out and "Sister association" not in out and "(overlap " not in out
    english = cli("--lang", "en", "show", "wetechcare", db=real_db).out
    assert "  kind: association" in english and "\nSister association created by Emmaüs Connect" in english
    assert "\nCompetitors\n" in english and "2017-12-12" in english and "summary fr" not in english


def test_a_french_brief_reads_as_a_french_note(cli, real_db):
    md = cli("--lang", "fr", "brief", "wetechcare", "--markdown", db=real_db).out
    assert "\nAssociation sœur créée par Emmaüs Connect" in md
    assert "(chevauchement fort)" in md and f"influence 4/5, intérêt 5/5" in md
    assert f"création{NBSP}: 2015 [" in md and "13 avril 2016" in md  # the dispute on the founding date, in words
    for english in ("(overlap ", "interest 5/5", "founded", "Sister association", "At a glance", "(since "):
        assert english not in md, english
    en = cli("--lang", "en", "brief", "wetechcare", "--markdown", db=real_db).out
    assert en.startswith("# WeTechCare — brief") and "## Competitors" in en and "Sister association" in en


@pytest.mark.parametrize("args, env", [
    (["--lang", "fr", "--help"], {}),
    (["--help", "--lang", "fr"], {}),  # --lang is read before --help whatever their order
    (["--help"], {"LANG": "fr_FR.UTF-8"}),
    (["-h"], {"LC_ALL": "fr_CA.UTF-8"}),
])
def test_the_help_is_french_for_french_users(cli, monkeypatch, args, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out = cli(*args).out
    usage = out.splitlines()[0]  # click 8.1: "… COMMAND [ARGS]…", 8.2: "… [COMMAND] [ARGS]…"
    assert usage.startswith(f"Utilisation{NBSP}: landscape [OPTIONS] ") and "COMMAND" in usage
    assert f"\nOptions{NBSP}:\n" in out and f"\nCommandes{NBSP}:\n" in out
    assert "Carte de l'inclusion numérique en France" in out and "Affiche ce message et quitte." in out
    assert "Ouvre le tableau de bord dans le terminal." in out  # the dashboard's command, defined by the UI
    assert "Show this message" not in out and "Usage:" not in out


def test_a_commands_help_is_french_and_english_again_after(cli):
    fr = cli("--lang", "fr", "show", "--help").out
    assert "Affiche une fiche et ce qui l'entoure." in fr and "Affiche du JSON au lieu du texte." in fr
    lieux = cli("--lang", "fr", "fetch", "lieux", "--help").out
    assert "Importe les lieux de médiation numérique." in lieux and "\n    https://www.data.gouv.fr/" in lieux
    assert f"par défaut{NBSP}: 20" in cli("--lang", "fr", "search", "--help").out
    en = cli("--lang", "en", "show", "--help").out  # the same process: nothing French stays behind
    assert en.startswith("Usage: landscape show") and "Show this message and exit." in en
    assert "Print JSON instead of text." in en and "Affiche" not in en


@pytest.mark.parametrize("args, french", [
    (["list", "bogus"], "'bogus' ne fait pas partie de"),
    (["--nope"], "Option inconnue"),
    (["show"], "Argument manquant 'REF'"),
    (["show", "zzqx-nothing-like-it"], "aucune fiche ne correspond à 'zzqx-nothing-like-it'"),
    (["departement", "Atlantis"], "aucun département ne correspond à 'Atlantis'"),
    (["search", "--limit", "0", "x"], "n'est pas dans l'intervalle"),
])
def test_errors_are_one_french_line(cli, tiny_db, monkeypatch, args, french):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    r = cli(*args, db=tiny_db)
    assert r.code == 2 and r.err.count("\n") == 1 and r.err.startswith(f"landscape: erreur{NBSP}: "), r.err
    assert french in r.err, r.err


def test_french_numbers_dates_and_words_in_the_cli(cli, real_db):
    _living(cli, real_db)
    agenda = cli("--lang", "fr", "agenda", db=real_db).out
    assert "1 février 2026" in agenda and "WeTechCare" in agenda
    history = cli("--lang", "fr", "history", db=real_db).out
    assert " à " in history.splitlines()[0]  # « 19 novembre 2026 à 14:05 »
    stats = cli("--lang", "fr", "stats", db=real_db).out
    assert "fiches sans la source requise" in stats and "départements sans plan connu" in stats
    influence = cli("--lang", "fr", "influence", "--limit", "3", db=real_db).out
    assert "PageRank" + NBSP + ": rang 1 sur" in influence and "Lié à" in influence and "0," in influence
    assert "Tied to" not in influence and "Betweenness" not in influence
    positioning = cli("--lang", "fr", "positioning", db=real_db).out
    assert "Grille pouvoir-intérêt" in positioning and "gérer de près" in positioning
    assert "manage closely" not in positioning
    competitors = cli("--lang", "fr", "competitors", "wetechcare", db=real_db).out
    assert "Concurrents de WeTechCare" in competitors and "contre" in competitors and " vs " not in competitors
    vocab_fr = cli("--lang", "fr", "vocab", db=real_db).out
    assert "décideur public — fixe la politique d'inclusion numérique" in vocab_fr


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


@pytest.mark.parametrize("lang, expected", [
    ("fr", ["ce n'est pas une base landscape (", "clé inattendue 'bogus'\u00a0; un instantané contient",
            "champ 'kind'\u00a0: 'bogus' n'est pas admis\u00a0: attendu 'association', ",
            "champ 'name'\u00a0: champ obligatoire manquant"]),
    ("en", ["not a landscape database (", "unexpected key 'bogus'; a snapshot holds",
            "field 'kind': 'bogus' is not allowed: 'association', ", "field 'name': Field required"]),
])
def test_library_errors_are_one_line_in_the_chosen_language(cli, tiny_db, tmp_path, lang, expected):
    not_a_db = tmp_path / "x.db"
    not_a_db.write_text("garbage, not SQLite\n" * 10)
    snapshot = tmp_path / "bad.json"
    snapshot.write_text('{"schema_version": 1, "bogus": 1}')
    runs = [cli("--lang", lang, "stats", db=not_a_db),
            cli("--lang", lang, "import", snapshot, db=tiny_db),
            cli("--lang", lang, "add", "actor", "--set", "name=X", "--set", "kind=bogus",
                "--source-url", "https://example.org", db=tiny_db),
            cli("--lang", lang, "add", "actor", "--source-url", "https://example.org", db=tiny_db)]
    for r, text in zip(runs, expected):
        assert r.code == 2 and r.err.count("\n") == 1, r.err
        assert text in r.err, r.err
        assert ("erreur\u00a0:" in r.err) == (lang == "fr"), r.err


@pytest.mark.parametrize("lang, expected", [
    ("fr", "https://example.org/big.csv\u00a0: refusé\u00a0: 999999999 octets dépassent la limite de 1000 octets"),
    ("en", "https://example.org/big.csv: refused: 999999999 bytes is over the 1000-byte limit"),
])
def test_a_refused_download_says_why_in_the_chosen_language(lang, expected):
    import httpx

    from landscape.errors import LandscapeError
    from landscape.io.http import Policy, download

    transport = httpx.MockTransport(lambda request: httpx.Response(
        200, headers={"Content-Length": "999999999", "Content-Type": "text/csv"}, content=b""))
    with i18n.using_lang(lang), pytest.raises(LandscapeError) as caught:
        with download("https://example.org/big.csv", policy=Policy(max_bytes=1000, sleep=lambda s: None),
                      transport=transport):
            pass
    assert str(caught.value) == expected


@pytest.mark.parametrize("lang, expected", [
    ("fr", "t.csv\u00a0: ce n'est pas un fichier du standard national\u00a0: colonnes manquantes "),
    ("en", "t.csv: not a file of the national standard: missing columns "),
])
def test_a_bad_file_of_places_says_why_in_the_chosen_language(tmp_path, lang, expected):
    from landscape.errors import LandscapeError
    from landscape.io.opendata import read_source

    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n")
    with i18n.using_lang(lang), pytest.raises(LandscapeError, match="^" + expected):
        read_source(path).close()
