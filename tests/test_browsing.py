"""The browser tests find a Chromium wherever a machine keeps it (scripts/chromium.py), and
pin its fonts."""

import os
import stat

import browsing
import chromium


def fake_browser(folder, name):
    path = folder / name
    path.write_text("#!/bin/sh\necho 'Fake Chromium 1.0'\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_chromium_is_found_under_another_name_on_path(tmp_path, monkeypatch):
    chrome = fake_browser(tmp_path, "google-chrome")
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(chromium, "CHROMIUM_PATHS", ())
    assert chromium.find_chromium() == (str(chrome), "google-chrome on PATH")
    assert chromium.chromium_version(str(chrome)) == "Fake Chromium 1.0"


def test_chromium_env_wins_and_says_so(tmp_path, monkeypatch):
    fake_browser(tmp_path, "chromium")
    mine = fake_browser(tmp_path, "my-chromium")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CHROMIUM", str(mine))
    assert chromium.find_chromium() == (str(mine), f"CHROMIUM={mine}")


def test_an_install_path_off_path_is_found(tmp_path, monkeypatch):
    snap = fake_browser(tmp_path, "snap-chromium")
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(chromium, "CHROMIUM_PATHS", (str(snap),))
    assert chromium.find_chromium() == (str(snap), str(snap))


def test_a_font_set_shows_chromium_one_folder(tmp_path, monkeypatch):
    fonts = tmp_path / "fonts" / "truetype" / "dejavu"
    fonts.mkdir(parents=True)
    (fonts / "DejaVuSans.ttf").write_bytes(b"")
    monkeypatch.setattr(browsing, "FONT_ROOTS", (str(tmp_path / "fonts"),))
    assert browsing.font_folder("dejavu") == fonts
    assert browsing.font_folder("liberation") is None
    config = browsing.fontconfig_file("dejavu", tmp_path).read_text()
    assert f"<dir>{fonts}</dir>" in config and config.count("<dir>") == 1
    assert os.path.isabs(config.split("<cachedir>")[1].split("<")[0])
