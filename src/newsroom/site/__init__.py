"""The institutional site: build (Pelican + our theme and plugins), feeds, short links.

`build.build_site` is the entry point; `model.build_model` decides what a build contains.
"""
