# lossviz — `make` renders every scene to MP4 and GIF; `make test` runs the suite. `make help` lists the rest.
# Every target that needs tools sets them up first, once (system packages when root, then .venv).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SECONDARY:
MAKEFLAGS += --no-builtin-rules

## Knobs (set on the command line, e.g. `make QUALITY=low SCENES="MeanSquaredError"`)
QUALITY ?= medium# low | medium | high | 4k  (manim's 480p15, 720p30, 1080p60, 2160p60)
THEME ?= dark# dark | light  (light renders go to build/<quality>-light/)
SCENES ?= $(CATALOG)# which catalog scenes to render (default: all; `make list` names them)
GIF_WIDTH ?= 640# GIF width in pixels
GIF_FPS ?= 15# GIF frames per second

QUALITY := $(strip $(QUALITY))
THEME := $(strip $(THEME))
ifeq ($(filter $(QUALITY),low medium high 4k),)
$(error QUALITY=$(QUALITY) is not one of: low medium high 4k)
endif
ifeq ($(filter $(THEME),dark light),)
$(error THEME=$(THEME) is not one of: dark light)
endif

BUILD ?= build# where outputs go
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.setup-done
OUT := $(BUILD)/$(QUALITY)$(if $(filter light,$(THEME)),-light)

# The catalog (scenes/catalog.py) is the one list of scenes; this turns it into CATALOG and MODULE_<Scene>.
$(BUILD)/catalog.mk: scenes/catalog.py
	@mkdir -p $(BUILD)
	@python3 -m scenes.catalog make > $@.tmp && mv $@.tmp $@
include $(BUILD)/catalog.mk

ifneq ($(wildcard $(BUILD)/catalog.mk),)  # on the first read make has yet to write it, then reads again
UNKNOWN := $(filter-out $(CATALOG),$(SCENES))
ifneq ($(UNKNOWN),)
$(error unknown scene(s): $(UNKNOWN). Valid scenes: $(CATALOG))
endif
endif

# What a render depends on besides its own scene module.
RENDER_DEPS := $(wildcard scenes/kit/*.py) $(wildcard losscore/*.py) scenes/pipeline.py manim.cfg \
               $(wildcard assets/*) $(STAMP)

.PHONY: all help list setup test bench clean
all: $(foreach s,$(SCENES),$(OUT)/$(s).mp4 $(OUT)/$(s).gif) ## Render SCENES to build/<quality>/<Scene>.mp4 and .gif

help: ## List the targets and knobs
	@echo "Targets:"
	@grep -hE '^[a-z][a-zA-Z_-]*:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([^:]*):.*## (.*)/  make \1\t\2/' | expand -t 18
	@echo "Knobs (default):"
	@grep -hE '^[A-Z_]+ \?= ' $(MAKEFILE_LIST) | sed -E 's/^([A-Z_]+) \?= ([^#]*)# (.*)/  \1=\2\t\3/' | expand -t 24
	@echo "Files: make build/low/<Scene>.mp4 or .gif (build/low-light/... for the light theme) builds just that."

list: ## Print the scene catalog, one scene a line
	@python3 -m scenes.catalog list

setup: $(STAMP) ## Install system packages (as root) and the pinned Python packages in .venv

# System packages: pycairo and manimpango build from source (cairo, pango, pkg-config); LaTeX for MathTex;
# ffmpeg for the GIFs and contact sheets.
APT_PACKAGES := libcairo2-dev libpango1.0-dev pkg-config ffmpeg texlive-latex-base texlive-latex-extra \
                texlive-fonts-recommended dvisvgm python3-venv
$(STAMP): pyproject.toml
	@missing=$$(for p in $(APT_PACKAGES); do \
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
	@[ -x $(PY) ] || python3 -m venv $(VENV)
	@echo "setup: installing pinned Python packages into $(VENV) (the first time builds pycairo and manimpango)"
	@$(PY) -m pip install -q --disable-pip-version-check -e .
	@touch $@

.SECONDEXPANSION:
$(BUILD)/%.mp4: $$(MODULE_$$(notdir $$*)) $(RENDER_DEPS)
	@echo "render $(notdir $*) ($(notdir $(patsubst %/,%,$(dir $@))))"
	@$(PY) -m scenes.pipeline render $(notdir $*) $@

$(BUILD)/%.gif: $(BUILD)/%.mp4 | $(STAMP)
	@$(PY) -m scenes.pipeline gif $< $@ --width $(GIF_WIDTH) --fps $(GIF_FPS)

test: $(STAMP) ## Run the test suite
	$(PY) -m pytest

bench: $(STAMP) ## Print speed and size figures (render pipeline vs the hand way; losscore vs plain numpy)
	$(PY) tests/bench_losscore.py
	$(PY) tests/bench_render.py --quality $(QUALITY) --scenes "$(SCENES)"

clean: ## Delete generated output (build/, media/); keeps .venv
	rm -rf $(BUILD) media
