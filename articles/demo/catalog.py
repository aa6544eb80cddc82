"""Sections, authors and tags of the demo newsroom (DEMO DATA: pen names and bios are invented)."""

# (slug, name, parent slug, description), in menu order.
SECTIONS = [
    ("thoi-su", "Thời sự", None, "Tin nóng trong ngày của Hà Tĩnh và cả nước."),
    ("xay-dung-dang", "Xây dựng Đảng", None, "Công tác tổ chức, cán bộ, kiểm tra, dân vận."),
    ("chinh-tri", "Chính trị", None, "Hoạt động của HĐND, UBND, Mặt trận và các đoàn thể."),
    ("kinh-te", "Kinh tế", None, "Sản xuất, kinh doanh, đầu tư và thị trường."),
    ("nong-nghiep", "Nông nghiệp", "kinh-te", "Đồng ruộng, chăn nuôi, nông thôn mới."),
    ("dau-tu", "Đầu tư", "kinh-te", "Dự án, khu kinh tế, doanh nghiệp."),
    ("xa-hoi", "Xã hội", None, "Đời sống, an sinh, lao động việc làm."),
    ("giao-duc", "Giáo dục", "xa-hoi", "Trường lớp, thi cử, khuyến học."),
    ("y-te", "Y tế", "xa-hoi", "Khám chữa bệnh, y tế dự phòng."),
    ("van-hoa-giai-tri", "Văn hóa - Giải trí", None, "Di sản, lễ hội, văn nghệ, du lịch."),
    ("the-thao", "Thể thao", None, "Bóng đá, thể thao phong trào và thành tích cao."),
    ("phap-luat", "Pháp luật", None, "An ninh trật tự, an toàn giao thông, pháp luật và đời sống."),
    ("dia-phuong", "Địa phương", None, "Tin từ các huyện, thành phố, thị xã và xã, phường."),
]

AUTHORS = [
    ("Minh Huệ", "Phóng viên ban Xây dựng Đảng, theo dõi công tác tổ chức và cán bộ."),
    ("Tuấn Hiển", "Phóng viên ban Xây dựng Đảng, theo dõi khối Đảng và đoàn thể."),
    ("Thu Phương", "Phóng viên ban Kinh tế, theo dõi công thương và đầu tư."),
    ("Đình Nhất", "Phóng viên ban Kinh tế, theo dõi nông nghiệp, nông thôn mới."),
    ("Hoàng Anh", "Phóng viên ban Thời sự, theo dõi khối chính quyền."),
    ("Thiên Vỹ", "Phóng viên ban Văn hóa - Xã hội, theo dõi văn hóa, du lịch."),
    ("Phúc Quang", "Phóng viên ban Văn hóa - Xã hội, theo dõi giáo dục."),
    ("Thu Hà", "Phóng viên ban Văn hóa - Xã hội, theo dõi y tế."),
    ("Văn Đức", "Phóng viên thường trú khu vực phía Nam tỉnh."),
    ("Hà Linh", "Phóng viên thường trú khu vực phía Bắc tỉnh."),
    ("Quang Đạt", "Phóng viên ban Thể thao."),
    ("Ngọc Loan", "Phóng viên ban Bạn đọc - Pháp luật."),
    ("Anh Minh", "Phóng viên ảnh."),
    ("Trần Tuấn", "Cộng tác viên, cán bộ văn hóa cơ sở."),
]

# The credit of the demo's library photos (the seed story's own is its reporter's).
PHOTOGRAPHER = "Anh Minh"

# Tags the generated stories draw from, grouped by the sections they suit.
TAGS_BY_SECTION = {
    "thoi-su": ["Hà Tĩnh", "thời tiết", "mưa lũ", "phòng chống thiên tai", "cải cách hành chính", "chuyển đổi số"],
    "xay-dung-dang": ["Xây dựng Đảng", "Nghị quyết Trung ương 4", "công tác cán bộ", "đại hội đảng bộ", "dân vận khéo"],
    "chinh-tri": [
        "HĐND tỉnh",
        "tiếp xúc cử tri",
        "cải cách hành chính",
        "sắp xếp đơn vị hành chính",
        "Mặt trận Tổ quốc",
    ],
    "kinh-te": ["đầu tư công", "doanh nghiệp", "xuất khẩu", "thu ngân sách", "khởi nghiệp"],
    "nong-nghiep": ["nông thôn mới", "OCOP", "lúa hè thu", "cam Khe Mây", "bưởi Phúc Trạch", "chăn nuôi"],
    "dau-tu": ["Khu kinh tế Vũng Áng", "đầu tư công", "hạ tầng giao thông", "doanh nghiệp"],
    "xa-hoi": ["giảm nghèo", "an sinh xã hội", "xuất khẩu lao động", "người cao tuổi", "thanh niên"],
    "giao-duc": ["giáo dục", "tuyển sinh", "khuyến học", "học sinh giỏi"],
    "y-te": ["y tế", "bảo hiểm y tế", "tiêm chủng", "an toàn thực phẩm"],
    "van-hoa-giai-tri": ["Nguyễn Du", "Truyện Kiều", "dân ca ví, giặm", "lễ hội", "du lịch", "biển Thiên Cầm"],
    "the-thao": ["bóng đá", "Hồng Lĩnh Hà Tĩnh", "thể thao phong trào", "bóng chuyền"],
    "phap-luat": ["an ninh trật tự", "an toàn giao thông", "phòng chống ma túy", "phòng cháy chữa cháy"],
    "dia-phuong": ["nông thôn mới", "đô thị văn minh", "Hà Tĩnh", "môi trường"],
}
