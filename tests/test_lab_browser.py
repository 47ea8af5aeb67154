"""JupyterLab in a real browser: headless Debian chromium, driven by Playwright's Python API.

One JupyterLab is started as the README's first command does (`python3 course.py lab`, serving
notebooks/); every release notebook is opened in it and must render, with its mermaid diagrams as SVG,
and the widgets (04's vanishing gradients, 09's forget bias) must redraw their plot when a slider moves.
The solution notebooks are opened in a second JupyterLab of the same venv, rooted in a temporary copy of
solutions/ (course.py lab always serves notebooks/, and Run All must not write outputs into the repository),
where "Run All" must leave no error output. Screenshots go to the test's folder and to test-output/screenshots/.

Needs the `playwright` package (the `test` extra) and Debian's `chromium` (.ci/run installs it);
without them these tests skip. Playwright's own browser download is never used.
"""

import base64
import html
import json
import re
import shutil
import time
import urllib.parse
from pathlib import Path

import pytest

from frontends import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, LabServer, http, save_screenshot, wait_for
from nbgrader_course import RELEASE, SOLUTIONS, assignments, load_course_script, nbgrader_meta, source_text

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="the `playwright` package is not installed")

WIDGET_GRADE_ID = "vanishing_widget"  # the cell of 04_bptt that shows vanishing_gradients_explorer
# grade_id -> (the sliders' descriptions, whether it has a dropdown)
WIDGETS = {WIDGET_GRADE_ID: (["scale r", "T_x"], True),
           "forget_bias_widget": (["forget b_f", "update b_u"], False)}  # 09: forget_bias_explorer
VIEWPORT = {"width": 1400, "height": 1000}
OPEN_SECONDS = 60  # to load the lab and render a notebook
KERNEL_SECONDS = 90  # to start a kernel, or to run one cell
RUN_ALL_SECONDS = 240  # to run a whole solution notebook


def release_names():
    return [a for a in assignments() if (RELEASE / a / f"{a}.ipynb").is_file()]


def read(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def mermaid_blocks(notebook):
    """The sources of the ```mermaid blocks of a notebook's markdown cells."""
    blocks = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            blocks += re.findall(r"^```mermaid[ \t]*\n(.*?)^```", source_text(cell), flags=re.S | re.M)
    return blocks


def mermaid_labels(block):
    """Node labels of a mermaid flowchart: `A[label]`, `B((label))`, `C{label}`."""
    return [m.strip() for m in re.findall(r"\w[\[\(\{]+([^\]\)\}\|]+)[\]\)\}]+", block) if m.strip()]


def decoded_svg(src):
    assert src.startswith("data:image/svg+xml"), f"a mermaid diagram is not an SVG image: {src[:80]!r}"
    head, _, payload = src.partition(",")
    svg = base64.b64decode(payload).decode() if head.endswith(";base64") else urllib.parse.unquote(payload)
    return html.unescape(svg)


# ---------------------------------------------------------------------------------------------
# Servers, browser, screenshots
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ready():
    course = load_course_script()
    if not course.venv_up_to_date():
        pytest.skip("the course's .venv is not installed: `python3 course.py test` installs it and runs this test")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM} (Debian: apt-get install chromium; .ci/run does)")
    if not release_names():
        pytest.skip("no release notebooks in notebooks/")


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    """A function saving a page's or an element's screenshot in the test's folder and test-output/."""
    folder = tmp_path_factory.mktemp("screenshots")
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)  # test-output/screenshots/ shows the last run only

    def take(target, name, **kwargs):
        path = folder / name
        target.screenshot(path=str(path), **kwargs)
        save_screenshot(path, name)
        return path

    return take


@pytest.fixture(scope="module")
def release_lab(ready, tmp_path_factory):
    lab = LabServer(tmp_path_factory.mktemp("release-lab"))
    try:
        yield lab.start()
    finally:
        lab.stop()


@pytest.fixture(scope="module")
def solution_lab(ready, tmp_path_factory):
    folder = tmp_path_factory.mktemp("solution-lab")
    root = folder / "solutions"
    shutil.copytree(SOLUTIONS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    lab = LabServer(folder, root=root, name="solution-lab")
    try:
        yield lab.start()
    finally:
        lab.stop()


@pytest.fixture(scope="module")
def browser(ready):
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(OPEN_SECONDS * 1000)
    page = context.new_page()
    page.console_errors = []
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()


# ---------------------------------------------------------------------------------------------
# Working the notebook UI
# ---------------------------------------------------------------------------------------------


def open_notebook(page, lab, path, notebook):
    """Open `path` in the lab; wait until all its cells are there and its kernel is idle."""
    page.goto(lab.url(path))
    panel = page.locator(".jp-NotebookPanel").first  # the page opens this one notebook
    cells = panel.locator(".jp-Notebook .jp-Cell")
    cells.first.wait_for()
    expected = len(notebook["cells"])
    deadline = time.monotonic() + OPEN_SECONDS
    while cells.count() < expected and time.monotonic() < deadline:
        time.sleep(0.2)
    assert cells.count() == expected, f"{path}: {cells.count()} cells shown, the notebook has {expected}"

    # The page started a kernel for the notebook, and it is ready (the server says so).
    def kernel_ready():
        sessions = http(f"{lab.base}/api/sessions", lab.token)[1]
        return any(s.get("path") == path and (s.get("kernel") or {}).get("execution_state") == "idle"
                   for s in sessions)

    wait_for(f"a kernel for {path}", kernel_ready, KERNEL_SECONDS)
    kernel_idle(page, KERNEL_SECONDS)
    dialogs = page.locator(".jp-Dialog")
    assert dialogs.count() == 0, f"{path}: a dialog is open: {dialogs.first.inner_text()!r}"
    return panel, cells


def kernel_idle(page, seconds):
    page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').first.wait_for(timeout=seconds * 1000)


def run_cell(page, cell):
    """Select a code cell (click its prompt, in command mode) and run it with Shift+Enter."""
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputPrompt").first.click()
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+Enter")
    deadline = time.monotonic() + KERNEL_SECONDS
    while time.monotonic() < deadline:
        if re.fullmatch(r"\[\d+\]:", cell.locator(".jp-InputPrompt").first.text_content().strip()):
            return
        time.sleep(0.2)
    raise AssertionError(f"a cell did not finish within {KERNEL_SECONDS} s")


def menu(page, title, item):
    """Click a menu of the lab's menu bar, then one of its items."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(f"^{re.escape(title)}$")).click()
    page.locator(".lm-Menu-item:not(.lm-mod-disabled)", has_text=re.compile(f"^{re.escape(item)}")).first.click()


def prompts(cells):
    return [p.strip() for p in cells.evaluate_all(
        "cells => cells.filter(c => c.classList.contains('jp-CodeCell'))"
        ".map(c => c.querySelector('.jp-InputPrompt').textContent)")]  # innerText is empty off screen


def error_outputs(notebook):
    """(cell index, text) of every error output in a saved notebook."""
    found = []
    for i, cell in enumerate(notebook["cells"]):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append((i, f"{output.get('ename')}: {output.get('evalue')}"))
    return found


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("assignment", release_names())
def test_release_notebook_renders(assignment, release_lab, page, shots):
    path = f"{assignment}/{assignment}.ipynb"
    notebook = read(RELEASE / path)
    panel, cells = open_notebook(page, release_lab, path, notebook)

    # Markdown is rendered: the first heading of the notebook is a heading on the page.
    first_md = next(source_text(c) for c in notebook["cells"] if c["cell_type"] == "markdown")
    heading = re.search(r"^#+\s+(.+)$", first_md, flags=re.M)
    if heading:
        shown = panel.locator(".jp-MarkdownCell .jp-RenderedMarkdown :is(h1,h2,h3)").first
        assert shown.inner_text().strip().rstrip("¶").strip() == heading.group(1).strip()

    # Every ```mermaid block is a diagram: an SVG image, with the labels of its nodes, and no error.
    blocks = mermaid_blocks(notebook)
    figures = panel.locator(".jp-RenderedMermaid:not(.jp-mod-warning) img")
    deadline = time.monotonic() + OPEN_SECONDS
    while figures.count() < len(blocks) and time.monotonic() < deadline:
        time.sleep(0.2)
    failed = panel.locator(".jp-RenderedMermaid.jp-mod-warning")
    assert failed.count() == 0, f"mermaid could not render: {failed.first.inner_text()[:500]!r}"
    assert figures.count() == len(blocks), f"{figures.count()} mermaid diagrams shown, {len(blocks)} in {path}"
    for k, (figure, block) in enumerate(zip(figures.all(), blocks)):
        svg = decoded_svg(figure.get_attribute("src"))
        assert "<svg" in svg
        labels = mermaid_labels(block)
        assert labels and all(label in svg for label in labels), (
            f"diagram {k + 1}: labels {[l for l in labels if l not in svg]} are missing from the SVG")
        figure.scroll_into_view_if_needed()
        figure.evaluate("img => img.decode()")
        assert figure.evaluate("img => img.naturalWidth") > 0, f"diagram {k + 1} did not load"
        shots(figure, f"release-{assignment}-mermaid-{k + 1}.png")

    # The notebook as a person sees it when opening it.
    cells.first.scroll_into_view_if_needed()
    shots(page, f"release-{assignment}.png")
    assert not page.console_errors, page.console_errors


def widget_notebooks(grade_id):
    found = []
    for name in release_names():
        notebook = read(RELEASE / name / f"{name}.ipynb")
        for i, cell in enumerate(notebook["cells"]):
            if nbgrader_meta(cell).get("grade_id") == grade_id:
                found.append((name, i))
    return found


@pytest.mark.parametrize("grade_id", list(WIDGETS))
def test_vanishing_gradient_widget(grade_id, release_lab, page, shots):
    """04_bptt's and 09's explorers in the release notebook: they render, and a slider (and 04's dropdown) redraws."""
    found = widget_notebooks(grade_id)
    if not found:
        pytest.skip(f"no release notebook has a cell with grade_id {grade_id}")
    (assignment, index), = found
    descriptions, dropdown = WIDGETS[grade_id]
    path = f"{assignment}/{assignment}.ipynb"
    notebook = read(RELEASE / path)
    panel, cells = open_notebook(page, release_lab, path, notebook)

    # A learner runs the notebook's first code cell (its imports), then the widget's cell.
    first_code = next(i for i, c in enumerate(notebook["cells"]) if c["cell_type"] == "code")
    run_cell(page, cells.nth(first_code))
    cell = cells.nth(index)
    run_cell(page, cell)

    interact = cell.locator(".widget-interact")
    interact.wait_for(timeout=KERNEL_SECONDS * 1000)
    sliders = interact.locator(".widget-slider")
    shown = [t.strip() for t in sliders.locator(".widget-label").all_inner_texts()]
    assert shown == descriptions, f"sliders {shown}, {descriptions} expected"
    assert interact.locator(".widget-dropdown select").count() == int(dropdown)
    plot = interact.locator(".widget-output img")
    plot.wait_for(timeout=KERNEL_SECONDS * 1000)
    assert cell.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
    cell.scroll_into_view_if_needed()
    before_src = plot.get_attribute("src")
    readout = sliders.first.locator(".widget-readout")
    before_value = readout.inner_text().strip()
    shots(cell, f"release-{assignment}-widget-before.png")

    def redrawn(old_src, what):
        deadline = time.monotonic() + KERNEL_SECONDS
        while time.monotonic() < deadline:
            if plot.count() == 1 and plot.get_attribute("src") not in (None, old_src):
                return plot.get_attribute("src")
            time.sleep(0.2)
        raise AssertionError(f"the plot did not change after {what}")

    # Drag the first slider's handle (04: the scale, 09: the forget bias) to the right, as with a mouse.
    handle = sliders.first.locator(".noUi-handle")
    box = handle.bounding_box()
    track = sliders.first.locator(".noUi-base").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(min(x + 60, track["x"] + track["width"] - 2), y, steps=10)
    page.mouse.up()
    after_src = redrawn(before_src, f"dragging the {descriptions[0]} slider")
    after_value = readout.inner_text().strip()
    assert float(after_value) > float(before_value), (
        f"the {descriptions[0]} readout went {before_value} -> {after_value}")
    shots(cell, f"release-{assignment}-widget-after-slider.png")
    if not dropdown:
        shots(page, f"release-{assignment}-widget.png")
        assert not page.console_errors, page.console_errors
        return

    # The inputs dropdown redraws it too (linear and tanh are always side by side).
    interact.locator(".widget-dropdown select").select_option("tiny (x 1e-9)")
    redrawn(after_src, "choosing tiny inputs")
    shots(cell, f"release-{assignment}-widget-after-dropdown.png")
    shots(page, f"release-{assignment}-widget.png")
    assert not page.console_errors, page.console_errors


@pytest.mark.slow
@pytest.mark.parametrize("assignment", assignments())
def test_run_all_solution(assignment, solution_lab, page, shots):
    """Run > Run All Cells on the solution notebook leaves every code cell run and no error output."""
    path = f"{assignment}/{assignment}.ipynb"
    notebook = read(SOLUTIONS / path)
    panel, cells = open_notebook(page, solution_lab, path, notebook)
    n_code = sum(c["cell_type"] == "code" for c in notebook["cells"])

    menu(page, "Run", "Run All Cells")
    wait_for("Run All to start", lambda: any(p == "[*]:" or re.fullmatch(r"\[\d+\]:", p) for p in prompts(cells)),
             KERNEL_SECONDS)

    # Done when every code cell shows a number, or (a cell failed, the rest were dropped) when nothing
    # is queued or running any more and the kernel is idle, for three looks a second apart.
    def state():
        shown = prompts(cells)
        numbered = sum(bool(re.fullmatch(r"\[\d+\]:", p)) for p in shown)
        busy = any(p == "[*]:" for p in shown)
        idle = page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').count() > 0
        return numbered, busy, idle

    deadline = time.monotonic() + RUN_ALL_SECONDS
    settled = 0
    while time.monotonic() < deadline:
        numbered, busy, idle = state()
        if numbered == n_code and not busy:
            break
        settled = settled + 1 if (numbered and not busy and idle) else 0
        if settled >= 3:
            break
        time.sleep(1)
    kernel_idle(page, KERNEL_SECONDS)

    # The last code cell's outputs (or the widget's, in 04) as a person sees them after Run All.
    target = cells.nth(max(i for i, c in enumerate(notebook["cells"]) if c["cell_type"] == "code"))
    for i, c in enumerate(notebook["cells"]):
        if nbgrader_meta(c).get("grade_id") in WIDGETS:
            target = cells.nth(i)
    target.scroll_into_view_if_needed()
    shots(page, f"solution-{assignment}-run-all.png")

    # Save (the lab serves a temporary copy) and read what the notebook now holds.
    shown_run = sum(bool(re.fullmatch(r"\[\d+\]:", p)) for p in prompts(cells))
    panel.locator('.jp-Toolbar [data-command="docmanager:save"]').first.click()  # the toolbar's save button
    dirty = page.locator(".lm-TabBar-tab.jp-mod-dirty")
    saved_counts = []

    def saved_notebook():
        if dirty.count():
            return None
        content = solution_lab.contents(path)["content"]
        saved_counts.append(sum(1 for c in content["cells"] if c["cell_type"] == "code" and c.get("execution_count")))
        return content if saved_counts[-1] == shown_run else None

    try:
        saved = wait_for(f"{path} saved with its outputs", saved_notebook, OPEN_SECONDS)
    except AssertionError as e:
        shots(page, f"solution-{assignment}-not-saved.png")
        dialogs = page.locator(".jp-Dialog").all_inner_texts()
        raise AssertionError(f"{e}; {shown_run} cells shown run, saved: {saved_counts[-3:]}, "
                             f"tab dirty: {dirty.count()}, dialogs: {dialogs}") from None
    ran = [c for c in saved["cells"] if c["cell_type"] == "code" and c.get("execution_count")]
    errors = error_outputs(saved)

    assert not errors, f"Run All left error output in {path}: {errors}"
    assert len(ran) == n_code, f"Run All ran {len(ran)} of the {n_code} code cells of {path}: {prompts(cells)}"
    dom_errors = panel.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    texts = [t for t in dom_errors.all_inner_texts() if "Traceback" in t or "Error" in t]
    assert not texts, f"error output shown in {path}: {texts[:3]}"
