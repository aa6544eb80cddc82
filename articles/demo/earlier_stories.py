"""DEMO DATA. Stories of "Xây dựng Đảng" dated before the seed story, so its "Các tin đã đưa" box is not empty.

Written for the demo in the paper's style; the events are typical of January 2013, not quotations.
"""

# ruff: noqa: E501 - texts are kept whole.

STORIES = [
    {
        "headline": "Hà Tĩnh tổng kết công tác kiểm tra, giám sát năm 2012",
        "sapo": "Năm 2012, cấp ủy, ủy ban kiểm tra các cấp trong tỉnh đã tập trung kiểm tra, giám sát những lĩnh vực nhạy cảm, dễ phát sinh sai phạm.",
        "paragraphs": [
            "Sáng nay, Ủy ban Kiểm tra Tỉnh ủy tổ chức hội nghị tổng kết công tác kiểm tra, giám sát năm 2012 và triển khai nhiệm vụ năm 2013.",
            "Trong năm, cấp ủy các cấp đã kiểm tra nhiều tổ chức đảng và đảng viên, tập trung vào việc thực hiện nghị quyết, quy chế làm việc và công tác cán bộ.",
            "Hội nghị thống nhất năm 2013 sẽ gắn công tác kiểm tra, giám sát với việc thực hiện Nghị quyết Trung ương 4 (khóa XI).",
        ],
        "published_at": (2013, 1, 21, 16, 30),
    },
    {
        "headline": "Thành ủy Hà Tĩnh triển khai nhiệm vụ công tác tổ chức năm 2013",
        "sapo": "Công tác tổ chức cán bộ năm 2013 của thành phố tập trung vào quy hoạch, đào tạo và nâng cao chất lượng tổ chức cơ sở đảng.",
        "paragraphs": [
            "Ban Tổ chức Thành ủy Hà Tĩnh vừa tổ chức hội nghị triển khai nhiệm vụ công tác tổ chức xây dựng Đảng năm 2013.",
            "Năm 2012, các chi, đảng bộ trực thuộc đã hoàn thành kiểm điểm theo tinh thần Nghị quyết Trung ương 4, kết nạp đảng viên mới vượt chỉ tiêu đề ra.",
            "Năm 2013, thành phố tiếp tục rà soát, bổ sung quy hoạch cán bộ và chú trọng bồi dưỡng đội ngũ cán bộ cơ sở.",
        ],
        "published_at": (2013, 1, 18, 9, 0),
    },
    {
        "headline": "Can Lộc kết nạp hơn 300 đảng viên mới trong năm 2012",
        "sapo": "Công tác phát triển đảng viên ở Can Lộc được quan tâm, nhất là ở những thôn, xóm chưa có chi bộ.",
        "paragraphs": [
            "Năm 2012, Đảng bộ huyện Can Lộc đã kết nạp hơn 300 đảng viên mới, trong đó phần lớn là đoàn viên thanh niên ưu tú.",
            "Các chi bộ chú trọng bồi dưỡng quần chúng ưu tú từ các phong trào thi đua ở địa phương.",
            "Huyện ủy đề ra mục tiêu không còn thôn, xóm không có đảng viên trong năm 2013.",
        ],
        "published_at": (2013, 1, 15, 14, 45),
    },
    {
        "headline": "Nâng cao chất lượng sinh hoạt chi bộ ở cơ sở",
        "sapo": "Nhiều chi bộ trong tỉnh đã đổi mới nội dung sinh hoạt, gắn với nhiệm vụ chính trị của địa phương.",
        "paragraphs": [
            "Sinh hoạt chi bộ là nơi mỗi đảng viên được góp ý, phê bình và tự phê bình, vì vậy chất lượng sinh hoạt quyết định sức chiến đấu của tổ chức đảng.",
            "Thời gian qua, nhiều chi bộ đã chọn chuyên đề sát với đời sống người dân như xây dựng nông thôn mới, chuyển đổi cây trồng, vật nuôi.",
            "Ban Tổ chức Tỉnh ủy sẽ tiếp tục hướng dẫn các cấp ủy cơ sở đổi mới nội dung, phương thức sinh hoạt trong năm 2013.",
        ],
        "published_at": (2013, 1, 10, 8, 0),
    },
]
