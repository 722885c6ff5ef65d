"""The instruments' words, in both editions (snippets/words-<lang>.yml, section instruments).

Read from the files: the two tables hold the same instrument words, group by group, with
the same {placeholders} (tests/test_words.py compares the sections' top-level keys); the
scripts ask for every word of the section and for no other; a Chinese word uses the
glossary's term where its English word does.

In headless Chromium: each instrument of the Chinese edition, driven as a reader drives it,
shows Chinese and none of the English table's words; each of the English edition shows no
Chinese; a control that a page's prose names in bold is one of its instrument's controls.
"""

import json
import re
import sys
from pathlib import Path

import pytest

from browsing import assert_clean

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / "scripts" / "hooks"
SCRIPTS = ROOT / "docs" / "javascripts"
sys.path.insert(0, str(HOOKS))
try:
    import drift
    import words
finally:
    sys.path.remove(str(HOOKS))

PLACEHOLDER = re.compile(r"\{(\w+)\}")
HAN = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
INSTRUMENTS = ".net47-playground, .cnn69-playground, .neuron-sliders, .descent-explorer"
EN, ZH = words.table("en"), words.table("zh")


def flat(table: dict, prefix: str = "") -> dict[str, str]:
    """A section's words by dotted key: {"playground": {"clear": ...}} -> {"playground.clear": ...}."""
    found = {}
    for key, value in table.items():
        if isinstance(value, dict):
            found.update(flat(value, f"{prefix}{key}."))
        else:
            found[f"{prefix}{key}"] = str(value)
    return found


def fill(template: str, **values) -> str:
    """A table's words with their {placeholders} filled in, as BookWords.t fills them."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


def mismatches(english: dict, chinese: dict) -> list[str]:
    """Where two tables' instrument words differ: a key only one has, or a key whose
    placeholders differ."""
    en, zh = flat(english["instruments"]), flat(chinese["instruments"])
    found = [f"{key}: only in words-en.yml" for key in sorted(en.keys() - zh.keys())]
    found += [f"{key}: only in words-zh.yml" for key in sorted(zh.keys() - en.keys())]
    for key in sorted(en.keys() & zh.keys()):
        a, b = set(PLACEHOLDER.findall(en[key])), set(PLACEHOLDER.findall(zh[key]))
        if a != b:
            found.append(f"{key}: placeholders {sorted(a)} in words-en.yml, {sorted(b)} in words-zh.yml")
    return found


# --- the tables and the scripts -------------------------------------------------------------

def test_the_tables_have_the_same_instrument_words_and_placeholders():
    assert mismatches(EN, ZH) == []


def test_a_difference_between_the_tables_is_found():
    """The comparison above fails on a planted difference of each kind."""
    missing = {**ZH, "instruments": {**ZH["instruments"], "playground": dict(ZH["instruments"]["playground"])}}
    del missing["instruments"]["playground"]["clear"]
    assert mismatches(EN, missing) == ["playground.clear: only in words-en.yml"]
    extra = {**ZH, "instruments": {**ZH["instruments"], "descent": {"pause": "暂停"}}}
    assert mismatches(EN, extra) == ["descent.pause: only in words-zh.yml"]
    renamed = {**ZH, "instruments": {**ZH["instruments"], "playground": dict(ZH["instruments"]["playground"])}}
    renamed["instruments"]["playground"]["pixel"] = "像素 {i}：第 {row} 行，第 {column} 列"
    assert mismatches(EN, renamed) == [
        "playground.pixel: placeholders ['column', 'n', 'row'] in words-en.yml, "
        "['column', 'i', 'row'] in words-zh.yml"]


def keys_the_scripts_use() -> dict[str, str]:
    """Every key a script of docs/javascripts/ asks BookWords.t for, with the script's name.
    Each call must name its key in full, as a string, or no scan could see it."""
    used, computed = {}, []
    for script in sorted(SCRIPTS.glob("*.js")):
        code = "\n".join(line for line in script.read_text(encoding="utf-8").splitlines()
                         if not line.lstrip().startswith("//"))
        for call in re.finditer(r"(?<!function )\bt\(\s*(\"([\w.]+)\")?", code):
            if call.group(2):
                used[call.group(2)] = script.name
            else:
                computed.append(f"{script.name}: {code[call.start():call.start() + 40]!r}")
    assert computed == [], "a call of t() whose key is no plain string"
    return used


def test_the_scripts_ask_for_every_instrument_word_and_no_other():
    used = keys_the_scripts_use()
    table = flat(EN["instruments"])
    assert {key: script for key, script in used.items() if key not in table} == {}, "not in the table"
    assert sorted(table.keys() - used.keys()) == [], "in the table, but no script asks for it"


def test_the_chinese_words_use_the_glossary():
    """Where an English word is a glossary term, its Chinese word holds one of the term's
    Chinese forms; an English word that two keys share has one Chinese word; and every
    Chinese word is Chinese, with no Latin word left in it."""
    terms = drift.glossary(ROOT / "docs")
    en, zh = flat(EN["instruments"]), flat(ZH["instruments"])
    wrong = []
    for key, english in en.items():
        for term, _ in drift.terms_used(PLACEHOLDER.sub(" ", english), terms):
            if not any(form in zh[key] for form in term.forms):
                wrong.append(f"{key}: {english!r} says {term.english!r}, {zh[key]!r} has none of {term.forms}")
    assert wrong == []
    chinese_of = {}
    for key, english in en.items():
        chinese_of.setdefault(english, set()).add(zh[key])
    assert {english: forms for english, forms in chinese_of.items() if len(forms) > 1} == {}
    latin = [key for key, chinese in zh.items() if ENGLISH_WORD.search(PLACEHOLDER.sub(" ", chinese))]
    assert latin == [] and all(HAN.search(chinese) for chinese in zh.values())


# --- in the browser -------------------------------------------------------------------------

# Everything a reader of the page's instruments sees or hears, as long as the page lives:
# their text (not their formulas) and the names of their parts, noted when they are made and
# whenever they change, so that a message replaced a moment later counts too.
RECORD = r"""
window.seenInInstruments = new Set();
(() => {
    const INSTRUMENTS = SELECTOR;
    const NAMES = ["aria-label", "title", "placeholder", "alt"];
    const note = (text) => { if (text && text.trim()) window.seenInInstruments.add(text.trim()); };
    const inside = (node) => {
        const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
        return element && element.closest(INSTRUMENTS) && !element.closest("mjx-container");
    };
    function look(node) {  // a part of an instrument, and everything in it but its formulas
        if (node.nodeType === Node.TEXT_NODE) return note(node.data);
        if (node.nodeType !== Node.ELEMENT_NODE || node.matches("mjx-container")) return;
        for (const name of NAMES) note(node.getAttribute(name));
        node.childNodes.forEach(look);
    }
    new MutationObserver((records) => {
        for (const record of records) {
            if (!inside(record.target)) continue;
            if (record.type === "characterData") note(record.target.data);
            else if (record.type === "attributes") note(record.target.getAttribute(record.attributeName));
            else record.addedNodes.forEach(look);
        }
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: NAMES });
    document.addEventListener("DOMContentLoaded", () => document.querySelectorAll(INSTRUMENTS).forEach(look));
})();
""".replace("SELECTOR", json.dumps(INSTRUMENTS))

# Every word of the English table's instrument words: none may show in the Chinese edition
ENGLISH = {word for value in flat(EN["instruments"]).values()
           for word in ENGLISH_WORD.findall(PLACEHOLDER.sub(" ", value))}


def assert_language(page, lang: str):
    """What the instruments showed is in the edition's language, and so is the name of the
    search dialog (accessibility.js gives it the name of Material's search field)."""
    seen = page.evaluate("() => [...window.seenInInstruments]")
    search = page.get_attribute('.md-search[role="dialog"]', "aria-label") or ""
    english = [text for text in seen if set(ENGLISH_WORD.findall(text)) & ENGLISH]
    chinese = [text for text in seen if HAN.search(text)]
    if lang == "zh":
        assert english == [], f"English in the Chinese edition: {english}"
        assert len(chinese) >= 5 and HAN.search(search), (seen, search)
    else:
        assert chinese == [], f"Chinese in the English edition: {chinese}"
        assert len(english) >= 5 and search and not HAN.search(search), (seen, search)


def word(lang: str, key: str, **values) -> str:
    """The words of instruments.<key> in the edition `lang`, filled in."""
    group, name = key.split(".")
    return fill((EN if lang == "en" else ZH)["instruments"][group][name], **values)


def epoch_past(page, epoch: int):
    page.wait_for_function(
        "(epoch) => Number((/\\d+/.exec(document.querySelector('.net47-progress').textContent) || [0])[0]) > epoch",
        arg=epoch)


@pytest.fixture
def opened(tab):
    opened_tabs = []

    def open_page(path):
        opened_tabs.append(tab())
        opened_tabs[-1].context.add_init_script(RECORD)
        opened_tabs[-1].open(path)
        return opened_tabs[-1]

    yield open_page
    for each in opened_tabs:
        assert_clean(each.problems)  # a word the table lacks is a console error


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_network_playground_speaks_its_editions_language(opened, lang):
    """Draw, go backwards, type a bad learning rate, step, play, pause, change the seed,
    diverge: each word the playground shows on the way is in the edition's language."""
    page = opened("zh/interactive/playground/" if lang == "zh" else "interactive/playground/").page
    root = page.locator(".net47-playground")
    button = lambda key: root.get_by_role("button", name=word(lang, key), exact=True)
    eta = root.get_by_label(word(lang, "playground.eta_label"))
    seed = root.get_by_label(word(lang, "playground.seed_label"))
    root.get_by_role("button", name=word(lang, "playground.pixel", n=5, row=2, column=2)).click()
    root.get_by_label(word(lang, "playground.target_label"), exact=True).select_option("1")
    root.get_by_label(word(lang, "playground.batch_label")).select_option(
        label=word(lang, "playground.batch_mini", size=8))
    eta.fill("0")
    button("playground.step").click()
    assert root.locator(".net47-error").first.text_content() == word(lang, "playground.eta_error", eta=0.3)
    eta.fill("0.3")
    button("playground.step").click()
    # English says "after 1 epoch", Chinese has one word for any count
    assert root.locator(".net47-which").text_content() == word(
        lang, "playground.your_network_one" if lang == "en" else "playground.your_network", epoch=1)
    button("playground.play").click()
    epoch_past(page, 20)
    button("playground.pause").click()
    seed.fill("7")
    seed.dispatch_event("change")
    assert root.locator(".net47-message").text_content() == word(lang, "playground.seed_later")
    eta.fill("1e6")
    button("playground.reset").click()
    button("playground.play").click()
    page.wait_for_function("() => document.querySelector('.net47-message').textContent !== ''")
    assert root.locator(".net47-message").text_content().startswith(word(lang, "playground.diverged").split("{")[0])
    button("playground.use_book").click()
    assert root.locator(".net47-progress").text_content() == word(lang, "playground.not_started")
    assert_language(page, lang)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_cnn_playground_speaks_its_editions_language(opened, lang):
    """Load an image, toggle a pixel, choose a unit of a feature map, clear the image."""
    page = opened("zh/interactive/cnn-playground/" if lang == "zh" else "interactive/cnn-playground/").page
    root = page.locator(".cnn69-playground")
    root.get_by_label(word(lang, "cnn_playground.load_label")).select_option(
        label=word(lang, "cnn_playground.load_option", n=40, label=2))
    root.get_by_role("button", name=word(lang, "cnn_playground.pixel", row=3, column=4), exact=True).click()
    root.locator(".cnn69-unit").nth(16 + 5).click()  # map 2, row 2, column 2
    assert root.locator(".cnn69-position").text_content().startswith(
        word(lang, "cnn_playground.position", k=2, i=2, j=2).split("z =")[0])
    assert root.locator(".pair__title").text_content() == word(lang, "cnn_playground.position_title", k=2, i=2, j=2)
    root.get_by_role("button", name=word(lang, "cnn_playground.clear"), exact=True).click()
    assert_language(page, lang)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_other_instruments_speak_their_editions_language(opened, lang):
    """The playground of the training chapter, the neuron sliders and the descent explorer,
    whose words the pages hold: stepped, played and given a bad step size."""
    prefix = "zh/" if lang == "zh" else ""
    page = opened(prefix + "backprop/train/").page
    page.locator(".net47-playground").get_by_role(
        "button", name=word(lang, "playground.pixel", n=2, row=1, column=2)).click()
    assert_language(page, lang)

    page = opened(prefix + "thinking/neuron/").page
    page.locator(".neuron-sliders input[data-ns=w1]").press("ArrowRight")
    assert_language(page, lang)

    page = opened(prefix + "toolkit/gradient-descent/").page
    explorer = page.locator(".descent-explorer")
    explorer.locator("[data-de=step]").click()
    explorer.locator("[data-de=play]").click()
    assert explorer.locator("[data-de=play]").text_content() == explorer.get_attribute("data-label-pause")
    explorer.locator("[data-de=play]").click()
    explorer.locator("[data-de=eta]").fill("0")
    explorer.locator("[data-de=step]").click()
    assert_language(page, lang)


@pytest.mark.browser
@pytest.mark.parametrize("path", ["interactive/playground/", "zh/interactive/playground/",
                                  "interactive/cnn-playground/", "zh/interactive/cnn-playground/"])
def test_a_control_the_prose_names_is_the_instruments(opened, path):
    """Each name the page's prose sets in bold ("press **Clear the image**") is the name of
    one of its instrument's buttons or fields, in the same words."""
    page = opened(path).page
    named = page.evaluate("""() => [...document.querySelectorAll("article strong")]
        .filter((bold) => !bold.closest(".net47, .admonition, details")).map((bold) => bold.textContent.trim())""")
    controls = page.evaluate("""() => [...document.querySelectorAll(".net47 :is(button, label)")]
        .map((control) => control.textContent.trim())""")
    assert named, "the page names no control"
    assert sorted(set(named) - set(controls)) == []


@pytest.mark.browser
def test_a_word_missing_from_the_table_is_said_and_shown_as_its_key(tab):
    opened_tab = tab()
    opened_tab.open("zh/interactive/playground/")
    shown = opened_tab.page.evaluate("() => BookWords.t('playground.no_such_word', { n: 1 })")
    assert shown == "playground.no_such_word"
    assert [p for p in opened_tab.problems if "no_such_word" in p] == [
        'console error: words: no "playground.no_such_word" in the instruments\' words (snippets/words-zh.yml)']
    # a placeholder given no value stays as it is
    assert opened_tab.page.evaluate("() => BookWords.t('playground.pixel', { n: 5, row: 2 })") == word(
        "zh", "playground.pixel", n=5, row=2) == "像素 5：第 2 行，第 {column} 列"
