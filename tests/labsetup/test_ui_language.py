"""The JupyterLab interface language override (Dutch by default, English on request)."""

from __future__ import annotations

import json

import pytest

from ketenles.errors import ArgumentError
from ketenles.labsetup.ui_language import NOTIFICATIONS, PLUGIN, chosen_language, main, write_override


@pytest.mark.parametrize(("language", "locale"), [("nl", "nl_NL"), ("en", "en")])
def test_override_sets_the_jupyterlab_locale(tmp_path, language, locale):
    path = write_override(language, tmp_path)
    assert path.parent == tmp_path / "overrides.d"
    assert json.loads(path.read_text(encoding="utf-8")) == {
        PLUGIN: {"locale": locale},
        # Never the English question about Jupyter's news feed, and no request to it.
        NOTIFICATIONS: {"fetchNews": "false", "checkForUpdates": False}}


def test_switching_back_replaces_the_same_file(tmp_path):
    first = write_override("nl", tmp_path)
    second = write_override("en", tmp_path)
    assert first == second
    assert json.loads(second.read_text(encoding="utf-8"))[PLUGIN]["locale"] == "en"


def test_an_administrators_own_overrides_file_is_left_alone(tmp_path):
    own = tmp_path / "overrides.json"
    own.write_text('{"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}')
    write_override("nl", tmp_path)
    assert "Dark" in own.read_text()


def test_environment_variable_chooses_the_language():
    assert chosen_language({}) == "nl"
    assert chosen_language({"KETENLES_UI_LANG": "EN "}) == "en"
    with pytest.raises(ArgumentError, match="KETENLES_UI_LANG"):
        chosen_language({"KETENLES_UI_LANG": "fr"})


@pytest.mark.parametrize("bad", ["fr", "nl_NL", None, 3])
def test_bad_language_is_refused_in_dutch(tmp_path, bad):
    with pytest.raises(ArgumentError, match="Nederlands"):
        write_override(bad, tmp_path)
    assert not (tmp_path / "overrides.d").exists()


def test_command_line_writes_the_override_and_reports_in_dutch(tmp_path, capsys):
    assert main(["en", str(tmp_path)]) == 0
    assert "JupyterLab start voortaan in taal 'en'" in capsys.readouterr().out
    assert main(["xx", str(tmp_path)]) == 2
    assert "Let op" in capsys.readouterr().err


def test_course_translations_fill_the_language_pack_and_rerunning_starts_from_the_pack(tmp_path):
    import gettext
    import shutil

    from ketenles.labsetup.ui_language import course_translations, install_translations, pack_messages_dir

    pack = pack_messages_dir("nl_NL")
    if pack is None:
        pytest.skip("jupyterlab-language-pack-nl-NL is not installed")
    folder = tmp_path / "nl_NL" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    for name in ("jupyterlab.json", "jupyterlab.mo"):
        # The pack's own text (an earlier merge kept it as *.orig).
        source = pack / f"{name}.orig" if (pack / f"{name}.orig").exists() else pack / name
        shutil.copy(source, folder / name)
    own = course_translations("nl_NL")
    assert own["Run All Cells"] == ["Alle cellen uitvoeren"]
    for _ in range(2):
        written = install_translations("nl_NL", folder)
    merged = json.loads((folder / "jupyterlab.json").read_text(encoding="utf-8"))
    assert written == [folder / "jupyterlab.json"]
    assert merged["Run All Cells"] == ["Alle cellen uitvoeren"] and merged["menu\x04File"] == ["Bestand"]
    assert (folder / "jupyterlab.json.orig").is_file()
    # Menu titles from settings schemas are translated on the server, from the .mo file.
    mo = gettext.GNUTranslations(open(folder / "jupyterlab.mo", "rb"))  # noqa: SIM115
    assert mo.pgettext("menu", "Appearance") == own["menu\x04Appearance"][0]
    assert mo.gettext("Restart Kernel?") == "Kernel herstarten?"


def test_lecturer_tools_choice_survives_running_the_setup_again(tmp_path):
    from ketenles.labsetup.lab_tools import ALL_PLUGINS, set_role

    set_role("docent", tmp_path)
    path = set_role("zelfstudie", tmp_path, keep_choice=True)  # what setup.sh does on every run
    assert json.loads(path.read_text())["disabledExtensions"] == dict.fromkeys(ALL_PLUGINS, False)
    with pytest.raises(ArgumentError, match="docent"):
        set_role("beheerder", tmp_path)
