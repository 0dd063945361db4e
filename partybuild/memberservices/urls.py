"""Portal URLs of 便民服务 (意见建议, 书记信箱, 留言板, 微心愿, 微心得, 积分), in the ``portal``
namespace at /me/."""

from django.urls import path

from partybuild.memberservices.views import experiences, services, wishes

urlpatterns = [
    path("suggestions/", services.suggestions_view, name="suggestions"),
    path("letters/", services.letters_view, name="letters"),
    path("board/", services.board_view, name="board"),
    path("wishes/", wishes.wish_list_view, name="wishes"),
    path("wishes/mine/", wishes.wish_mine_view, name="wishes_mine"),
    path("wishes/<int:pk>/claim/", wishes.wish_claim_view, name="wish_claim"),
    path("experiences/", experiences.experience_list_view, name="experiences"),
    path("points/", experiences.points_mine_view, name="points"),
]
