"""Importing bulletins and articles from text, Word and PDF files.

``recogniser`` turns a file into structured data and knows no database;
``writer`` saves that data as a draft issue or pool articles in one
transaction; ``forms`` and ``admin`` are the admin's paste-or-upload wizard;
``command`` is ``manage.py import_bulletin``.
"""
