"""Manim scenes about loss functions, built from the shared kit in ``scenes.kit``.

This package's top level imports nothing, so ``scenes.catalog`` runs without manim installed.
"""
