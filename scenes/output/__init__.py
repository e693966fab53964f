"""The output side: what turns stories into files — the render pipeline (MP4 and GIF), decks, web bundles, the
gallery, figures, contact sheets, and the caches they share. Stories never import from here."""
