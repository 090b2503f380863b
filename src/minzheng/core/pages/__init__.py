"""Generic page building blocks (the NetBox lesson): a page is a few declarations on top of a selector and a
service.

- `columns`: typed django-tables2 columns (money, date, month, region name, code label, masked, link, 是/否) and
  `PageTable`, which renders every table and gives typed values for export;
- `filters`: `PageFilterSet` and filter types (text, choice, month, date range, 是/否, region subtree picked by
  name, ID number through the blind index), `filter_errors_to_validation` for the API;
- `lists.ListPage` (filters, ordering, pagination, Excel/CSV export), `detail.DetailPage`,
  `forms.ServiceFormPage` (with a confirmation step), `imports.ImportPage`, `bulk.BulkAction`;
- `region_picker`: the cascading region picker and its HTMX view.
"""
