# lossviz — `make` renders every scene to MP4 and GIF; `make test` runs the suite. `make help` lists the rest.
# Every target that needs tools sets them up first, once (system packages when root, then .venv).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SECONDARY:
MAKEFLAGS += --no-builtin-rules
# Every core by default (renders are independent); an explicit -jN on the command line still wins. Not in the
# sub-make `make anatomy` runs (SUBMAKE=1): it shares its parent's jobs, and setting -j again made make warn.
ifeq ($(SUBMAKE),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif

## Knobs (set on the command line, e.g. `make QUALITY=low SCENES="MeanSquaredError"`)
QUALITY ?= medium# draft | low | medium | high | 4k  (216p10, then manim's 480p15, 720p30, 1080p60, 2160p60)
THEME ?= dark# dark | light  (light renders go to build/<quality>-light/)
SCENES ?= $(CATALOG)# which catalog scenes to render (default: all; `make list` names them)
GIF_WIDTH ?= 640# GIF width in pixels
GIF_FPS ?= 15# GIF frames per second
DECK ?= lecture# name of the slide deck: build/slides/<DECK>.html, .pdf, .pptx
ANATOMY ?=# losses for `make anatomy` (default: every losscore.LOSSES entry, or every LOSS_FILE loss)
LOSS_FILE ?=# your own losses: a Python file, anywhere, defining LOSSES = [losscore.custom_loss(...)] (README)
LESSON ?=# a lesson file (TOML) for `make lesson`: its scenes with your numbers (README, "Your own lesson")
AGAINST ?=# `make bench AGAINST=<commit>`: measure that commit too, in the same run
WEB_WIDTH ?= 720# width of the web bundle's videos (`make web`)

QUALITY := $(strip $(QUALITY))
THEME := $(strip $(THEME))
ifeq ($(filter $(QUALITY),draft low medium high 4k),)
$(error QUALITY=$(QUALITY) is not one of: draft low medium high 4k)
endif
ifeq ($(filter $(THEME),dark light),)
$(error THEME=$(THEME) is not one of: dark light)
endif

BUILD ?= build# where outputs go
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.setup-done
OUT := $(BUILD)/$(QUALITY)$(if $(filter light,$(THEME)),-light)
SLIDES_SRC := $(BUILD)/slides-src/$(notdir $(OUT))# the slides each render writes beside its video
# Compiled TeX, shared by every render (scenes/output/texcache.py): each formula goes through LaTeX once (a
# LOSSVIZ_TEX_CACHE in the environment names another folder, to share it between builds).
export LOSSVIZ_TEX_CACHE ?= $(abspath $(BUILD))/cache/tex
# Progress bars only for one job at a time in a terminal (make -j1); parallel jobs would interleave them.
PROGRESS = LOSSVIZ_PROGRESS=$(if $(filter -j1,$(MAKEFLAGS)),1,0)

# Your own losses (LOSS_FILE): the file is read and checked here, once, so a refusal stops make before anything
# renders. `anatomy` and `figures` then make its losses (LOSS_NAMES) instead of the registry's; `slides`, `web` and
# `gallery` add them (OWN_LOSSES: ANATOMY picks among them) to SCENES. What is made of them depends on the file.
ifneq ($(strip $(LOSS_FILE)),)
ifeq ($(wildcard $(PY)),)
$(error LOSS_FILE needs the Python environment: run `make setup` first)
endif
LOSS_PATH := $(abspath $(LOSS_FILE))
LOSS_NAMES := $(shell LOSSVIZ_TEX_CACHE=$(LOSSVIZ_TEX_CACHE) \
                      $(PY) -m scenes.output.pipeline losses --loss-file $(LOSS_PATH))
ifneq ($(.SHELLSTATUS),0)
$(error LOSS_FILE=$(LOSS_FILE) was refused (above); nothing was made)
endif
LOSS_ARG := --loss-file $(LOSS_PATH)
OWN_LOSSES := $(or $(ANATOMY),$(LOSS_NAMES))
LOSS_FIGURES := $(foreach n,$(LOSS_NAMES),$(foreach v,. -dark.,$(foreach e,png svg,$(BUILD)/figures/$(n)$(v)$(e))))
endif

# The catalog (scenes/catalog.py) is the one list of scenes; this turns it into CATALOG and MODULE_<Scene>.
$(BUILD)/catalog.mk: scenes/catalog.py
	@mkdir -p $(BUILD)
	@python3 -m scenes.catalog make > $@.tmp && mv $@.tmp $@
include $(BUILD)/catalog.mk

# Checked once catalog.mk is up to date (on a first read, or after the catalog changed, make rewrites it and reads again).
ifneq ($(shell [ $(BUILD)/catalog.mk -nt scenes/catalog.py ] && echo fresh),)
UNKNOWN := $(filter-out $(CATALOG),$(SCENES))
ifneq ($(UNKNOWN),)
$(error unknown scene(s): $(UNKNOWN). Valid scenes: $(CATALOG))
endif
endif

# What a render depends on besides its own scene module.
RENDER_DEPS := $(wildcard scenes/kit/*.py) $(wildcard losscore/*.py) scenes/output/pipeline.py \
               scenes/output/slides.py manim.cfg $(wildcard assets/*) $(STAMP)

.PHONY: all help list setup test bench clean slides gallery figures explorer readme-gifs anatomy anatomy-files sheet web \
        params lesson \
        FORCE
all: $(foreach s,$(SCENES),$(OUT)/$(s).mp4 $(OUT)/$(s).gif) ## Render SCENES to build/<quality>/<Scene>.mp4 and .gif

help: ## List the targets and knobs
	@echo "Targets:"
	@awk -F':.*## ' '/^[a-z][a-zA-Z_-]*:.*## / { printf "  make %-13s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)
	@echo "Knobs (default):"
	@awk '/^[A-Z_]+ \?=/ { split($$0, a, "# "); sub(/ \?= ?/, "=", a[1]); printf "  %-21s %s\n", a[1], a[2] }' \
	  $(MAKEFILE_LIST)
	@echo "Files: make build/low/<Scene>.mp4 or .gif (build/low-light/... for the light theme) builds just that."

list: ## Print the scene catalog, one scene a line
	@python3 -m scenes.catalog list

setup: $(STAMP) ## Install system packages (as root) and the pinned Python packages in .venv

# Installs the Debian packages in $(1) that are missing: as root with apt-get, otherwise it stops with the exact
# `sudo apt-get install` line.
define apt_ensure
	@missing=$$(for p in $(1); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ] && ! { [ "$$missing" = python3-venv ] && python3 -c 'import ensurepip' 2>/dev/null; }; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "setup: installing system packages:" $$missing; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "setup: missing system packages. Install them with:" >&2; \
	    echo "  sudo apt-get install --no-install-recommends" $$missing >&2; exit 1; \
	  fi; \
	fi
endef

# pycairo and manimpango build from source (cairo, pango, pkg-config); LaTeX for MathTex; ffmpeg for the GIFs.
APT_PACKAGES := libcairo2-dev libpango1.0-dev pkg-config ffmpeg texlive-latex-base texlive-latex-extra \
                texlive-fonts-recommended dvisvgm python3-venv
# pip compiles every module it installs to bytecode on one core, half its time: it installs without, then the
# compiling runs on every core (a module that does not compile is left out, as pip leaves it: torch ships one for 3.12)
PIP_INSTALL := $(PY) -m pip install -q --disable-pip-version-check --no-compile
COMPILE_PACKAGES := $(PY) -c 'import compileall, sysconfig; \
                              compileall.compile_dir(sysconfig.get_path("purelib"), quiet=2, workers=0)'
$(STAMP): pyproject.toml
	$(call apt_ensure,$(APT_PACKAGES))
	@[ -x $(PY) ] || python3 -m venv $(VENV)
	@echo "setup: installing pinned Python packages into $(VENV) (the first time builds pycairo and manimpango)"
	@$(PIP_INSTALL) -e .
	@$(COMPILE_PACKAGES)
	@touch $@

# reveal.js for offline HTML decks, from the npm registry, at the version manim-slides' template expects.
REVEAL := $(VENV)/npm/node_modules/reveal.js
$(REVEAL)/package.json: | $(STAMP)
	$(if $(shell command -v npm),,$(call apt_ensure,npm))
	@npm install --prefix $(VENV)/npm --no-audit --no-fund --silent \
	  reveal.js@$$($(PY) -c 'from scenes.output.slides import REVEAL_VERSION; print(REVEAL_VERSION)')

# The test suite also drives a headless browser (gallery, offline decks).
TEST_STAMP := $(VENV)/.test-setup-done
$(TEST_STAMP): $(STAMP) $(REVEAL)/package.json pyproject.toml
	$(call apt_ensure,chromium chromium-driver)
	@echo "setup: installing the pinned test packages into $(VENV)"
	@$(PIP_INSTALL) -e '.[test]'
	@$(COMPILE_PACKAGES)
	@touch $@

.SECONDEXPANSION:
# One render writes the MP4, the GIF and the slides (from the same frames: a pattern rule's targets are made
# together), so `make slides` after `make` renders nothing again.
$(BUILD)/%.mp4 $(BUILD)/%.gif $(BUILD)/slides-src/%.json: $$(MODULE_$$(notdir $$*)) $(RENDER_DEPS)
	@echo "render $(notdir $*) ($(notdir $(patsubst %/,%,$(dir $*))))"
	@$(PROGRESS) $(PY) -m scenes.output.pipeline render $(notdir $*) $(BUILD)/$*.mp4 \
	  --gif $(BUILD)/$*.gif --width $(GIF_WIDTH) --fps $(GIF_FPS) --slides $(BUILD)/slides-src/$*.json

# Loss anatomy: the story a losscore.LOSSES entry's picture asks for (a pattern with a shorter stem than the one
# above, so make picks it for files under anatomy/); pairs, triplets and sequences are told by their own modules.
$(OUT)/anatomy/%.mp4 $(OUT)/anatomy/%.gif $(SLIDES_SRC)/anatomy/%.json: scenes/anatomy.py scenes/embedding.py \
                                                                       scenes/sequence.py scenes/transport.py $(RENDER_DEPS)
	@echo "render anatomy of $* ($(notdir $(OUT)))"
	@$(PROGRESS) $(PY) -m scenes.output.pipeline render $* $(OUT)/anatomy/$*.mp4 \
	  --gif $(OUT)/anatomy/$*.gif --width $(GIF_WIDTH) --fps $(GIF_FPS) --slides $(SLIDES_SRC)/anatomy/$*.json $(LOSS_ARG)
$(foreach n,$(LOSS_NAMES),$(OUT)/anatomy/$(n).mp4 $(OUT)/anatomy/$(n).gif $(SLIDES_SRC)/anatomy/$(n).json): $(LOSS_PATH)

test: $(TEST_STAMP) ## Run the linter, then the test suite and the examples in losscore's docstrings
	$(PY) -m ruff check .
	$(PY) -m pytest tests --doctest-modules losscore

# Every registry entry, asked of losscore itself (or every LOSS_FILE loss); ANATOMY="mse huber" restricts the set.
anatomy: | $(STAMP) ## Render the loss anatomy of every losscore.LOSSES entry (or LOSS_FILE's): build/<quality>/anatomy/<loss>.mp4/.gif
	@$(MAKE) --no-print-directory anatomy-files SUBMAKE=1 \
	  ANATOMY="$(or $(ANATOMY),$(LOSS_NAMES),$$($(PY) -c 'import losscore; print(*losscore.LOSSES)'))"

anatomy-files: $(foreach n,$(ANATOMY),$(OUT)/anatomy/$(n).mp4 $(OUT)/anatomy/$(n).gif)

# ---- Lecture decks (manim-slides): each story step is a slide --------------------------------------------------
SLIDES := $(BUILD)/slides
slides: $(SLIDES)/$(DECK).html $(SLIDES)/$(DECK).pdf $(SLIDES)/$(DECK).pptx ## Build the deck for SCENES (HTML that works offline, PDF, PPTX) in build/slides/

# A scene's slides come from its render (the rules below): build/slides-src/<quality>[-light]/<Scene>.json, an
# anatomy's under anatomy/.
SCENE_SLIDES = $(foreach s,$(SCENES),$(SLIDES_SRC)/$(s).json) $(foreach n,$(OWN_LOSSES),$(SLIDES_SRC)/anatomy/$(n).json)

# A deck depends on which scenes it holds, at which quality and theme: this file changes only when they do.
$(SLIDES)/.$(DECK).scenes: FORCE
	@mkdir -p $(@D)
	@held="$(SCENES) $(OWN_LOSSES) $(notdir $(OUT))"; echo "$$held" | cmp -s - $@ || echo "$$held" > $@

$(SLIDES)/$(DECK).%: $(SCENE_SLIDES) $(SLIDES)/.$(DECK).scenes scenes/output/slides.py $(REVEAL)/package.json
	@$(PY) -m scenes.output.slides deck $@ --reveal $(REVEAL) $(SCENE_SLIDES)

# ---- Docs: gallery page, static figures, README GIFs -------------------------------------------------------------
gallery: $(BUILD)/gallery/index.html ## Build build/gallery/index.html: every scene as a captioned video, its GIF, formula; the figures

$(BUILD)/gallery/index.html: $(foreach s,$(SCENES),$(OUT)/$(s).mp4 $(OUT)/$(s).gif $(BUILD)/web/$(s)/embed.html) \
                             $(BUILD)/figures/.done \
                             $(foreach n,$(OWN_LOSSES),$(OUT)/anatomy/$(n).mp4 $(OUT)/anatomy/$(n).gif) \
                             $(LOSS_FIGURES) $(LOSS_PATH) \
                             scenes/output/gallery.py scenes/catalog.py $(wildcard losscore/*.py) | $(STAMP)
	@$(PY) -m scenes.output.gallery $(BUILD) $(QUALITY) $(SCENES) $(LOSS_ARG)

figures: $(if $(LOSS_NAMES),$(LOSS_FIGURES),$(BUILD)/figures/.done) ## Draw every loss (or LOSS_FILE's) and its derivative (PNG + SVG, light and dark) in build/figures/

$(BUILD)/figures/.done: scenes/output/figures.py scenes/theme.py scenes/sequence.py $(wildcard losscore/*.py) | $(STAMP)
	@$(PY) -m scenes.output.figures $(@D)
	@touch $@

# A loss file's figures, drawn together when the file (or what draws them) changes.
ifneq ($(LOSS_FIGURES),)
$(LOSS_FIGURES) &: $(LOSS_PATH) scenes/output/figures.py scenes/theme.py $(wildcard losscore/*.py) | $(STAMP)
	@$(PY) -m scenes.output.figures $(BUILD)/figures $(LOSS_ARG)
endif

# The explorer: losscore samples every loss of one prediction on its sliders' grid; the pages only look them up.
explorer: $(BUILD)/explorer/index.html ## Interactive pages in build/explorer/: drag ŷ, slide each parameter, read L and dL/dŷ (offline)

$(BUILD)/explorer/index.html: scenes/output/explorer.py $(wildcard scenes/output/explorer/*) scenes/output/figures.py \
                              scenes/output/gallery.py scenes/theme.py scenes/kit/notes.py scenes/classification.py \
                              $(wildcard losscore/*.py) | $(STAMP)
	@$(PY) -m scenes.output.explorer $(@D)

README_GIFS := $(foreach s,$(CATALOG),assets/readme/$(s).gif)
readme-gifs: $(README_GIFS) ## Regenerate the README's scene list and its small GIFs (assets/readme/)
	@$(PY) -m scenes.output.gallery readme README.md

assets/readme/%.gif: $(OUT)/%.mp4 | $(STAMP)
	@mkdir -p $(@D)
	@$(PY) -m scenes.output.pipeline gif $< $@ --width 400 --fps 8

# The hand way writes manim's full-size GIFs (~80 MB a scene at 480p), so bench runs at low unless QUALITY is given.
BENCH_QUALITY := $(if $(filter command line,$(origin QUALITY)),$(QUALITY),low)
# BENCH_TESTS=0 leaves out the last part: the whole suite, timed, to name its slowest tests (make test's budget).
BENCH_TESTS ?= 1
bench: $(TEST_STAMP) ## Print speed and size figures (render pipeline vs the hand way; losscore vs plain numpy; your own loss; the suite's slowest tests)
	$(PY) tests/bench/losscore_speed.py
	$(PY) tests/bench/render_speed.py --quality $(BENCH_QUALITY) --scenes "$(SCENES)" $(if $(AGAINST),--against $(AGAINST))
	$(PY) tests/bench/custom_loss_speed.py
	$(if $(filter 1,$(BENCH_TESTS)),$(PY) -m pytest tests -q --durations=15 --durations-min=5)

web: $(foreach s,$(SCENES),$(BUILD)/web/$(s)/embed.html) $(foreach n,$(OWN_LOSSES),$(BUILD)/web/anatomy/$(n)/embed.html) ## Web bundles in build/web/<Scene>/: MP4 + WebM, poster, captions (VTT, SRT), chapters, embed.html

$(BUILD)/web/%/embed.html: $(OUT)/%.mp4 scenes/output/web.py | $(STAMP)
	@$(PY) -m scenes.output.web $< $(@D) --width $(WEB_WIDTH)

# ---- Lessons: a teacher's own numbers (scenes/output/lesson.py) ------------------------------------------------
params: | $(STAMP) ## Print the parameters of SCENES (and ANATOMY losses) a lesson may set: defaults, ranges, meanings
	@$(PY) -m scenes.output.lesson params $(SCENES) $(ANATOMY) $(LOSS_ARG)

# Every entry is checked before anything renders; renders come from the content-keyed cache (the one the Sphinx
# directive and show() use), so only the entries that changed render again. QUALITY= or THEME= given here win.
lesson: $(REVEAL)/package.json | $(STAMP) ## Build LESSON=file.toml into build/lessons/<stem>/: videos, GIFs, deck (HTML, PDF, PPTX), page
	@$(if $(strip $(LESSON)),,echo "make lesson needs LESSON=path/to/lesson.toml (README: Your own lesson)" >&2; exit 2)
	@$(PY) -m scenes.output.lesson build $(LESSON) $(BUILD) --reveal $(REVEAL) \
	  $(if $(filter command line,$(origin QUALITY)),--quality $(QUALITY)) \
	  $(if $(filter command line,$(origin THEME)),--theme $(THEME))

sheet: $(foreach s,$(SCENES),$(OUT)/$(s).mp4.sheet.png $(OUT)/$(s).gif.sheet.png) ## Contact sheets of SCENES (12 time-stamped frames on one PNG) beside each MP4 and GIF, to look at

$(BUILD)/%.sheet.png: $(BUILD)/% scenes/output/sheet.py | $(STAMP)
	@$(PY) -m scenes.output.sheet $<

clean: ## Delete generated output (build/, media/, slides/); keeps .venv
	rm -rf $(BUILD) media slides
