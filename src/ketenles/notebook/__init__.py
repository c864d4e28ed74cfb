"""Glue for lesson notebooks: lesson metadata and quizzes, friendly errors in a
kernel, and the JupyterLab interface language.
"""
