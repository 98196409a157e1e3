"""One module per tool, each with `run(path) -> Results` doing the same work (see common.py)."""

#: Tool name -> module; cisd first, as every ratio is to cisd.
TOOLS: dict[str, str] = {
    "cisd": "tools.cisd_tool",
    "pandas": "tools.pandas_tool",
    "polars": "tools.polars_tool",
    "duckdb": "tools.duckdb_tool",
}

#: The "what a user would write" comparison on the narrow file (tools/user.py); cisd first.
USER_TOOLS: dict[str, str] = {
    "cisd": "tools.user_cisd",
    "pandas": "tools.user_pandas",
    "polars": "tools.user_polars",
}
