"""Portal views that are not pages: search and the attachments zip."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render

from content.selectors import page_search

SEARCH_RESULTS_PER_PAGE = 10


def search(request):
    """Full-text search over the pages the visitor may read (Chinese segmented by jieba)."""
    query = request.GET.get("q", "").strip()[:100]
    results = page_search(query=query, user=request.user) if query else []
    paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
    return render(
        request,
        "content/search_results.html",
        {
            "query": query,
            "page_obj": page_obj,
            "results": page_obj.object_list,
            "filters": {"q": query},
        },
    )
