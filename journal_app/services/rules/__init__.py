"""The rules over the journal's content: reminders, the measures (KPIs), what "overdue"
means, SMART checks, criteria coverage and dates as typed. Pure functions, time passed in."""
