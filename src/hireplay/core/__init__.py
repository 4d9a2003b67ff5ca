"""Pure domain logic: no Django, no database, no network.

Everything here takes validated models or plain data and returns plain data; the same input
always gives the same output.
"""

ENGINE_VERSION = "1.1.0"
