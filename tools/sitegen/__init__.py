"""Build the course website: stage Sphinx sources from the repository, export the slides.

``scripts/build-site.sh`` runs ``python -m sitegen.stage``; Sphinx (``site/conf.py``)
then turns the staged folder into ``_site/``. Nothing here is part of the ketenles
library: the site reads the library (cases, lessons) the way a lesson does.
"""
