"""便民服务: 微心愿, 微心得, 积分, 意见建议, 书记信箱 and 留言板, with their site setting."""
