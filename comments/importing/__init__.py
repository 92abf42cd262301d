"""Comments moved here from another system (Disqus, WordPress) or from another copy of this site.

Each format's reader (`disqus`, `wxr`, `ours`) streams its file into `ImportedPost` records and the
problems it met; `loader` checks every record first, then writes them in one transaction, so a
file with a problem in it adds nothing. `manage.py import_comments` and `export_comments` drive them.
"""
