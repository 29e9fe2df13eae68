"""``xinfang report``: the office's monthly (quarterly, yearly) 信访情况通报 to the units.

``figures`` gathers what the 通报 says from the same counts the site, the open data and the
ledger print (statistics, the 积案 table, the record of receptions); ``document`` sets it as
a GB/T 9704 document with the letters' page builder.
"""
