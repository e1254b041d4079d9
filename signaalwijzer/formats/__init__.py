"""Date formats per language (FORMAT_MODULE_PATH): Dutch months in Dutch, in lower case.

Templates use the named formats ("DATE_FORMAT", "SHORT_DATE_FORMAT", ...), never a month letter of
their own: Django's "M" gives "Nov"/"Mrt" (capitalised, English style) in every language.
"""
