"""Figures and text built from models: charts, HTML views and tables for lessons.

Display code draws; it decides nothing that a model could not tell a test.
"""
