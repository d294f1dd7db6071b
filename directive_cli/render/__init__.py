"""What people and machines read: labels, records, tables, views, and the report writers."""
