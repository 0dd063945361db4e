"""The portal's sections under the home page: (model name, title, slug), in menu order."""

SECTIONS: list[tuple[str, str, str]] = [
    ("noticeindexpage", "通知公告", "notices"),
    ("dynamicindexpage", "党建动态", "dynamics"),
    ("newsindexpage", "重要新闻", "news"),
    ("regulationindexpage", "制度建设", "regulations"),
    ("disclosureindexpage", "事务公开", "disclosures"),
    ("integrityindexpage", "廉政建设", "integrity"),
    ("guideindexpage", "办事指南", "guides"),
    ("serviceinfoindexpage", "服务信息", "services"),
    ("exemplarindexpage", "党员风采", "exemplars"),
    ("videoindexpage", "本地影视", "videos"),
    ("topicindexpage", "主题教育", "topics"),
]
