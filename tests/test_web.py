"""make web: for each scene a bundle a docs page can embed — its captions timed by the render, its chapters the
story's steps, an MP4 that starts streaming at once, and a snippet that works in a browser with no network."""

import importlib
import time

import av
import pytest
import srt
import webvtt
from browser import console_errors, offline_chromium, requests_made
from conftest import DOCS_SCENES

from scenes import catalog

SCENES = DOCS_SCENES


def story(name):
    cls = getattr(importlib.import_module(catalog.lookup(name).module), name)
    return cls


@pytest.fixture(scope="module")
def bundles(docs_build):
    """The web bundles of DOCS_SCENES, which make builds for the gallery (tests/conftest.py)."""
    return docs_build


def seconds(stamp):
    h, m, s = stamp.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


@pytest.mark.parametrize("name", SCENES)
def test_captions_are_what_the_story_said_in_order_and_timed(bundles, name):
    folder = bundles / "web" / name
    said = [c for c in _captions_said(name)]
    cues = webvtt.read(str(folder / f"{name}.vtt"))
    assert [c.text for c in cues] == said
    times = [(seconds(c.start), seconds(c.end)) for c in cues]
    assert all(a < b for a, b in times) and all(b1 <= a2 for (_, b1), (a2, _) in zip(times, times[1:]))
    subtitles = list(srt.parse((folder / f"{name}.srt").read_text(encoding="utf-8")))
    assert [s.content for s in subtitles] == said
    assert [(s.start.total_seconds(), s.end.total_seconds()) == pytest.approx(t, abs=2e-3)
            for s, t in zip(subtitles, times)] == [True] * len(times)
    chapters = webvtt.read(str(folder / f"{name}.chapters.vtt"))
    assert [c.text for c in chapters] == [s.replace("_", " ").capitalize() for s in story(name).steps]
    assert seconds(chapters[0].start) == 0 and all(
        seconds(a.end) == pytest.approx(seconds(b.start), abs=2e-3) for a, b in zip(chapters, chapters[1:]))


def _captions_said(name):
    """Every sentence the story said, in order, from a run of the story itself (shared with the scene tests)."""
    from scene_harness import story_states

    return [c["text"] for c in story_states(name, "dark")[-1].timeline["captions"]]


@pytest.mark.parametrize("name", SCENES)
def test_videos_stream_at_once_and_are_small(bundles, name):
    folder = bundles / "web" / name
    mp4 = (folder / f"{name}.mp4").read_bytes()
    assert mp4.index(b"moov") < mp4.index(b"mdat"), "faststart: the index comes before the data"
    with av.open(str(folder / f"{name}.mp4")) as c:
        stream = c.streams.video[0]
        assert stream.codec_context.name == "h264" and stream.codec_context.pix_fmt == "yuv420p"
        assert stream.codec_context.width == 384  # the draft render's width: a bundle is never scaled up
    with av.open(str(folder / f"{name}.webm")) as c:
        assert c.streams.video[0].codec_context.name == "vp9"
    for ext in ("mp4", "webm"):
        assert (folder / f"{name}.{ext}").stat().st_size <= 1_000_000
    assert (folder / f"{name}.poster.png").stat().st_size > 10_000


def test_embed_snippet_plays_with_captions_offline(bundles, tmp_path):
    folder = bundles / "web" / SCENES[0]
    page = folder / "page.html"
    page.write_text("<!DOCTYPE html><html><body>" + (folder / "embed.html").read_text() + "</body></html>")
    with offline_chromium() as driver:
        driver.get(page.as_uri())
        state = None
        for _ in range(100):
            state = driver.execute_script(
                "const v = document.querySelector('video'); const t = v.textTracks;"
                "return [v.readyState, v.error ? v.error.code : 0, t.length, t[0].kind, t[0].mode, t[1].kind,"
                " t[0].cues ? t[0].cues.length : 0, v.poster]")
            if state[0] >= 2 and state[6] > 0:
                break
            time.sleep(0.1)
        assert state[0] >= 2 and state[1] == 0, f"the video did not load: {state}"
        assert state[2:6] == [2, "captions", "showing", "chapters"]
        assert state[6] == len(webvtt.read(str(folder / f"{SCENES[0]}.vtt")))
        assert state[7].endswith(".poster.png")
        assert [u for u in requests_made(driver) if u.split(":")[0] in ("http", "https")] == []
        assert console_errors(driver) == []
