"""The explorer (make explorer): a page for every loss of one prediction and one for softmax, built once and driven in
headless Chromium with the network cut. From the URL hash and after arrow keys, every number a page shows must be
losscore's at the prediction and parameters it shows, to the digits it shows."""

import re
from pathlib import Path
from urllib.parse import parse_qs

import numpy as np
import pytest
from browser import console_errors, offline_chromium, requests_made
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import losscore
from scenes.theme import DARK, LIGHT

ROOT = Path(__file__).resolve().parent.parent
LOSSES = [name for name, spec in losscore.LOSSES.items() if spec.takes_one_prediction]
SUPERSCRIPT = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
READ = """return Object.fromEntries([...document.querySelectorAll("[id$='-value']")].map(e => [e.id, e.textContent])
    .concat([...document.querySelectorAll("input[type=range]")].map(e => [e.id, e.getAttribute("aria-valuetext")]))
    .concat([["hash", location.hash]]));"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from scenes.output import explorer

    out = tmp_path_factory.mktemp("explorer")
    with pytest.MonkeyPatch.context() as patch:  # formulas from the TeX cache `make` fills
        patch.setenv("LOSSVIZ_TEX_CACHE", str(ROOT / "build" / "cache" / "tex"))
        explorer.build(out)
    return out


@pytest.fixture(scope="module")
def driver():
    with offline_chromium(1280, 900) as driver:
        yield driver


def shown(text):
    """(value, half a unit of its last digit) of a number as the page prints it: 0.1234, −1.500, 1.234 × 10⁻⁷."""
    text = text.replace("−", "-").strip()
    mantissa, _, power = text.partition(" × 10")
    exponent = int(power.translate(SUPERSCRIPT)) if power else 0
    decimals = len(mantissa.partition(".")[2])
    return float(mantissa) * 10.0**exponent, 0.5 * 10.0 ** (exponent - decimals)


def assert_shows(text, truth, what):
    """`text` is losscore's `truth` to the digits shown, and shows at least 3 significant ones (or exactly 0)."""
    value, half_unit = shown(text)
    digits = len(re.sub(r"\D", "", text.partition(" × 10")[0]).lstrip("0"))
    assert text == "0" or digits >= 3, f"{what}: {text!r} shows fewer than 3 significant digits"
    assert abs(value - truth) <= half_unit * (1 + 1e-9), f"{what}: the page shows {text}, losscore gives {truth!r}"


def open_page(driver, page, state):
    driver.get(f"{page.as_uri()}#{state}")
    return driver.execute_script(READ)


def check_loss_page(name, values):
    """The page's L, dL/dx and y equal losscore's at the x and parameters it displays; their sliders say them too."""
    spec = losscore.LOSSES[name]
    x = shown(values["yhat-value"])[0]
    params = {p.name: shown(values[f"param-{p.name}-value"])[0] for p in spec.tunable}
    loss, grad = spec.one_prediction(np.array([x]), **{**spec.picture_params, **params})
    assert_shows(values["loss-value"], loss[0], f"{name} L at x = {x}, {params}")
    assert_shows(values["grad-value"], grad[0], f"{name} dL/dx at x = {x}, {params}")
    y_true = np.atleast_1d(spec.picture.inputs(np.array([x]))[0][0])
    assert [shown(v)[0] for v in values["y-true-value"].strip("()").split(", ")] == y_true.tolist()
    assert values["yhat-value"] in values["yhat"], "the swept slider's valuetext says its value"
    assert values["loss-value"] in values["yhat"], "the swept slider's valuetext says the loss"
    hash_state = parse_qs(values["hash"][1:])
    assert float(hash_state["yhat"][0]) == x, "the URL keeps the view"
    for p in spec.tunable:
        assert values[f"param-{p.name}-value"] in values[f"param-{p.name}"]
        assert float(hash_state[p.name][0]) == params[p.name]
    return x, params


def test_a_page_for_every_loss_of_one_prediction_each_within_300_kb(built):
    pages = {p.stem for p in built.glob("*.html")}
    assert pages == {*LOSSES, "softmax", "index"}
    for page in built.glob("*.html"):
        assert page.stat().st_size <= 300_000, f"{page.name} weighs {page.stat().st_size:,} bytes"
        assert not re.search(r'(src|href)="(https?:)?//', page.read_text()), f"{page.name} asks the network"
    index = (built / "index.html").read_text()
    for name in losscore.LOSSES:
        assert f'id="{name}"' in index, f"the index lists {name}"
        assert (built / "formulas" / f"{name}.svg").is_file()
    assert not list(built.glob(".*")), "no temporary file left behind"


def test_hash_and_arrow_keys_show_losscore_values_offline(built, driver):
    for name in LOSSES:
        spec = losscore.LOSSES[name]
        low, high = spec.picture.x_range
        wanted = {p.name: p.grid()[1] for p in spec.tunable}  # a small value: where it changes L
        state = "&".join([f"yhat={low + 0.61 * (high - low):.4f}", *(f"{k}={v}" for k, v in wanted.items())])
        values = open_page(driver, built / f"{name}.html", state)
        x, params = check_loss_page(name, values)
        assert params == wanted, f"{name}: the hash set the parameters"
        assert abs(x - (low + 0.61 * (high - low))) <= (high - low) / 40, f"{name}: the hash set x to a grid point"

        driver.find_element(By.ID, "yhat").send_keys(Keys.ARROW_RIGHT * 3)
        moved, _ = check_loss_page(name, driver.execute_script(READ))
        assert moved > x, f"{name}: the arrow keys move x"
        for p in spec.tunable:
            driver.find_element(By.ID, f"param-{p.name}").send_keys(Keys.ARROW_RIGHT)
            _, now = check_loss_page(name, driver.execute_script(READ))
            assert now[p.name] == p.grid()[2], f"{name}: the arrow key moves {p.name} one grid step"
    left = [u for u in requests_made(driver) if u.split(":")[0] in ("http", "https", "ws", "wss", "ftp")]
    assert left == [], f"requests left the machine: {left}"
    assert console_errors(driver) == []


def test_softmax_page_shows_losscore_probabilities(built, driver):
    from scenes.classification import CLASSES

    asked = dict(zip(CLASSES, (-1.5, 0.5, 2.0)))  # the page has a slider for each class of the story, in order
    opened = open_page(driver, built / "softmax.html", "&".join(f"{c}={z}" for c, z in asked.items()) +
                       "&temperature=1.5")
    driver.find_element(By.ID, "param-temperature").send_keys(Keys.ARROW_LEFT)
    driver.find_element(By.ID, f"param-{CLASSES[1]}").send_keys(Keys.ARROW_RIGHT * 2)
    moved = driver.execute_script(READ)
    classes = [key.removeprefix("prob-").removesuffix("-value") for key in opened if key.startswith("prob-")]
    assert classes == list(CLASSES[:len(classes)]) and len(classes) >= len(asked)
    for values in (opened, moved):
        logits = [shown(values[f"param-{c}-value"])[0] for c in classes]
        temperature = shown(values["param-temperature-value"])[0]
        truth = losscore.softmax(np.array(logits), temperature=temperature)
        for c, p in zip(classes, truth):
            assert_shows(values[f"prob-{c}-value"], p, f"P({c}) at z = {logits}, T = {temperature}")
    assert [shown(opened[f"param-{c}-value"])[0] for c in asked] == list(asked.values()), "the hash set them"
    assert shown(opened["param-temperature-value"])[0] == 1.5
    assert shown(moved["param-temperature-value"])[0] == 1.0, "the arrow key moved T one grid step"
    assert shown(moved[f"param-{CLASSES[1]}-value"])[0] == asked[CLASSES[1]] + 1.0, "two steps of 0.5"
    assert console_errors(driver) == []


def test_embed_keeps_only_the_plot_and_sliders(built, driver):
    open_page(driver, built / "huber.html", "embed&delta=2")
    visible = lambda css: [e.is_displayed() for e in driver.find_elements(By.CSS_SELECTOR, css)]  # noqa: E731
    for hidden in ("h1", ".formula", ".lesson", ".about", "nav"):
        assert visible(hidden) == [False], f"{hidden} shows in an embed"
    for kept in ("#loss-plot", "#grad-plot", "#yhat", "#param-delta", "#loss-value"):
        assert visible(kept) == [True], f"{kept} is hidden in an embed"
    driver.find_element(By.ID, "yhat").send_keys(Keys.ARROW_RIGHT)
    assert "embed" in parse_qs(driver.execute_script("return location.hash")[1:], keep_blank_values=True)


def test_both_themes_and_reduced_motion(built, driver):
    page = built / "mse.html"
    background = "return getComputedStyle(document.body).backgroundColor"
    transition = "return getComputedStyle(document.querySelector('.marker')).transitionDuration"
    for scheme, theme in (("light", LIGHT), ("dark", DARK)):
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
            {"name": "prefers-color-scheme", "value": scheme}, {"name": "prefers-reduced-motion", "value": ""}]})
        driver.get(page.as_uri())
        rgb = tuple(int(theme.background[i:i + 2], 16) for i in (1, 3, 5))
        assert driver.execute_script(background) == f"rgb{rgb}", f"the {scheme} theme's background"
    assert driver.execute_script(transition) != "0s", "the marker eases when motion is welcome"
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
        {"name": "prefers-reduced-motion", "value": "reduce"}]})
    assert driver.execute_script(transition) == "0s", "no easing for readers who asked for reduced motion"
