"""The 学习情况 report of a branch as xlsx: one row per member, per course its completion (完成
and the date, or lessons done of all), per exam the best score and whether passed."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from partybuild.core.excel.writer import number_cell, text_cell


def completion_report_xlsx(*, report: dict, title: str) -> tuple[bytes, int]:
    """The workbook of ``selectors.completion_report`` and its row count."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    headings = [_("姓名"), _("所在党组织")]
    headings += [_("课程：%(title)s") % {"title": course.title} for course in report["courses"]]
    headings += [_("考试：%(title)s") % {"title": exam.title} for exam in report["exams"]]
    headings += [_("完成课程数"), _("通过考试数")]
    sheet.append([text_cell(sheet, heading) for heading in headings])
    count = 0
    for row in report["rows"]:
        cells = [
            text_cell(sheet, row["member"].name),
            text_cell(sheet, row["member"].organisation.name),
        ]
        completed = 0
        for course in report["courses"]:
            lessons_done, completed_at = row["courses"][course.pk]
            if completed_at is not None:
                completed += 1
                value = _("已完成（%(date)s）") % {
                    "date": f"{timezone.localtime(completed_at):%Y-%m-%d}"
                }
            else:
                value = _("已学 %(done)d/%(all)d 课时") % {
                    "done": lessons_done,
                    "all": course.lesson_count,
                }
            cells.append(text_cell(sheet, value))
        passed = 0
        for exam in report["exams"]:
            result = row["exams"].get(exam.pk)
            if result is None:
                cells.append(text_cell(sheet, _("未参加")))
                continue
            score, exam_passed = result
            passed += int(exam_passed)
            label = _("通过") if exam_passed else _("未通过")
            cells.append(text_cell(sheet, f"{score}（{label}）"))
        cells += [number_cell(sheet, completed), number_cell(sheet, passed)]
        sheet.append(cells)
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count
