"""Pages of treatment courses: `course` and `session` (staff), `patient` (the patient's own
check-in, tightness report and home care), `calendar` (the iCalendar feeds)."""
