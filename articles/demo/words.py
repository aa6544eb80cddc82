"""Templates and word lists for the demo newsroom's generated stories (DEMO DATA, no real people named).

Placeholders: {place} ("huyện Can Lộc"), {year}, {n} (tens), {big} (thousands, Vietnamese separators),
{pct}, {stars} (3 to 5), and any key of FILLERS.
"""

FILLERS = {
    "crop": ["lúa hè thu", "lúa đông xuân", "lạc xuân", "cam", "bưởi Phúc Trạch", "rau màu", "ngô vụ đông", "chè"],
    "product": ["cam Khe Mây", "bưởi Phúc Trạch", "kẹo cu đơ", "hải sản khô", "mật ong", "nước mắm", "chè xanh"],
    "project": [
        "tuyến đường ven biển",
        "cầu vượt sông",
        "hồ chứa nước",
        "trường học liên cấp",
        "khu tái định cư",
        "trạm y tế xã",
        "hệ thống kênh mương",
        "nhà văn hóa thôn",
    ],
    "field": ["nông thôn mới", "cải cách hành chính", "chuyển đổi số", "giảm nghèo", "đô thị văn minh", "dân vận"],
    "group": ["hội viên nông dân", "đoàn viên thanh niên", "hội viên phụ nữ", "cựu chiến binh", "người cao tuổi"],
    "festival": [
        "Lễ hội Đền Chợ Củi",
        "Lễ hội Cầu Ngư",
        "Lễ hội Chùa Hương Tích",
        "Lễ hội Đền Huyện",
        "Ngày hội văn hóa",
    ],
    "sport": ["bóng đá", "bóng chuyền", "cầu lông", "điền kinh", "vật dân tộc", "cờ tướng", "bơi lội"],
    "offence": [
        "vận chuyển pháo trái phép",
        "đánh bạc",
        "trộm cắp tài sản",
        "lừa đảo qua mạng",
        "khai thác cát trái phép",
    ],
    "weather": ["mưa lớn", "nắng nóng gay gắt", "rét đậm", "triều cường", "gió mùa đông bắc"],
    "month": ["tháng Giêng", "tháng Ba", "tháng Năm", "tháng Bảy", "tháng Chín", "tháng Mười", "tháng Chạp"],
}

KICKERS = {
    "thoi-su": ["Tin nóng:", "Ứng phó thời tiết:", "Cải cách hành chính:"],
    "xay-dung-dang": ["Công tác xây dựng Đảng năm {year}:", "Học tập và làm theo lời Bác:", "Dân vận khéo:"],
    "chinh-tri": ["Kỳ họp HĐND tỉnh:", "Tiếp xúc cử tri:", "Sắp xếp đơn vị hành chính:"],
    "kinh-te": ["Kinh tế {year}:", "Thị trường:", "Doanh nghiệp và hội nhập:"],
    "nong-nghiep": ["Vụ mùa {year}:", "Xây dựng nông thôn mới:", "Sản phẩm OCOP:"],
    "dau-tu": ["Khu kinh tế Vũng Áng:", "Đầu tư công {year}:"],
    "xa-hoi": ["An sinh xã hội:", "Việc làm:", "Vì người nghèo:"],
    "giao-duc": ["Năm học {year}:", "Tuyển sinh:", "Khuyến học, khuyến tài:"],
    "y-te": ["Sức khỏe cộng đồng:", "Y tế cơ sở:"],
    "van-hoa-giai-tri": ["Di sản Hà Tĩnh:", "Ví, giặm quê hương:", "Du lịch hè {year}:"],
    "the-thao": ["Thể thao phong trào:", "Bóng đá:"],
    "phap-luat": ["Vì bình yên cuộc sống:", "An toàn giao thông:", "Cảnh giác:"],
    "dia-phuong": ["Chuyện làng, chuyện xã:", "Đổi thay {place}:"],
}

HEADLINES = {
    "thoi-su": [
        "{place} chủ động ứng phó {weather}",
        "Hà Tĩnh triển khai cao điểm {field} {month}",
        "Người dân {place} khẩn trương gia cố nhà cửa trước {weather}",
        "Hơn {big} hồ sơ trực tuyến được giải quyết đúng hạn tại {place}",
        "{place} ra quân tổng vệ sinh môi trường sau {weather}",
        "Sớm khắc phục hậu quả {weather} tại {place}",
    ],
    "xay-dung-dang": [
        "{place} kết nạp {n} đảng viên mới",
        "Nâng cao chất lượng sinh hoạt chi bộ ở {place}",
        "{place} làm tốt công tác quy hoạch cán bộ",
        "Phát huy vai trò người đứng đầu trong {field}",
        "Chi bộ thôn ở {place}: gần dân, sát dân",
        "Đưa nghị quyết vào cuộc sống ở {place}",
        "Tăng cường kiểm tra, giám sát tại các tổ chức cơ sở đảng {place}",
    ],
    "chinh-tri": [
        "Cử tri {place} kiến nghị nhiều vấn đề về {field}",
        "HĐND tỉnh giám sát việc thực hiện {field} tại {place}",
        "{place} đối thoại với người dân về {project}",
        "Mặt trận {place} phát huy vai trò giám sát cộng đồng",
        "Công khai, minh bạch trong {field} ở {place}",
    ],
    "kinh-te": [
        "{place} thu ngân sách đạt {pct}% kế hoạch",
        "Doanh nghiệp {place} mở rộng sản xuất {product}",
        "Giá {product} tăng, người sản xuất phấn khởi",
        "Hơn {n} doanh nghiệp mới thành lập tại {place}",
        "Đưa {product} vào siêu thị và sàn thương mại điện tử",
        "Tín dụng chính sách tiếp sức hộ kinh doanh {place}",
    ],
    "nong-nghiep": [
        "{place} xuống giống {big} ha {crop}",
        "Nông dân {place} trúng mùa {crop}",
        "{product} đạt chứng nhận OCOP {stars} sao",
        "Cánh đồng mẫu lớn {crop} ở {place}",
        "{place} dồn điền đổi thửa, mở đường cho cơ giới hóa",
        "Chăn nuôi an toàn sinh học ở {place}",
        "{place} về đích nông thôn mới nâng cao",
    ],
    "dau-tu": [
        "Khởi công {project} tại {place}",
        "Đẩy nhanh tiến độ {project} ở {place}",
        "Giải ngân vốn đầu tư công ở {place} đạt {pct}%",
        "Bàn giao mặt bằng sạch cho {project}",
        "Khánh thành {project} tại {place}",
    ],
    "xa-hoi": [
        "Trao {n} nhà tình nghĩa cho hộ khó khăn ở {place}",
        "{place} giảm {pct}% hộ nghèo sau một năm",
        "Hơn {big} lao động {place} có việc làm mới",
        "Chăm lo Tết cho người nghèo {place}",
        "{group} {place} chung tay làm đường giao thông",
    ],
    "giao-duc": [
        "{place} khai giảng năm học mới với {big} học sinh",
        "Học sinh {place} đạt {n} giải học sinh giỏi cấp tỉnh",
        "Trao học bổng cho {n} học sinh vượt khó ở {place}",
        "{place} đầu tư xây dựng trường chuẩn quốc gia",
        "Kỳ thi tuyển sinh lớp 10 diễn ra an toàn tại {place}",
    ],
    "y-te": [
        "{place} tiêm chủng mở rộng cho {big} trẻ em",
        "Khám sức khỏe miễn phí cho {n} người cao tuổi {place}",
        "Trạm y tế ở {place} đạt chuẩn quốc gia",
        "Tăng cường kiểm tra an toàn thực phẩm dịp {festival}",
        "{place} đẩy mạnh bảo hiểm y tế toàn dân",
    ],
    "van-hoa-giai-tri": [
        "Khai mạc {festival}",
        "Câu lạc bộ dân ca ví, giặm {place} giữ hồn quê",
        "Du khách đổ về biển Thiên Cầm dịp hè",
        "Tôn vinh Đại thi hào Nguyễn Du qua {festival}",
        "Phục dựng nghề truyền thống ở {place}",
        "Đêm văn nghệ chào mừng ngày hội {group}",
    ],
    "the-thao": [
        "Sôi nổi giải {sport} {place} mở rộng",
        "{n} vận động viên tranh tài giải {sport} tỉnh",
        "Hồng Lĩnh Hà Tĩnh tập luyện chuẩn bị cho mùa giải mới",
        "Phong trào {sport} ở {place} phát triển mạnh",
        "Hà Tĩnh giành {n} huy chương giải {sport} toàn quốc",
    ],
    "phap-luat": [
        "Bắt đối tượng {offence} tại {place}",
        "Công an {place} triệt phá đường dây {offence}",
        "Xử phạt {n} trường hợp vi phạm an toàn giao thông",
        "Cảnh báo thủ đoạn {offence} nhắm vào người dân {place}",
        "Kiểm tra phòng cháy chữa cháy tại các cơ sở kinh doanh {place}",
    ],
    "dia-phuong": [
        "{place}: đổi thay từ phong trào {field}",
        "Thôn, xóm ở {place} sáng, xanh, sạch, đẹp",
        "{group} {place} hiến đất mở đường",
        "{place} trồng {big} cây xanh dịp đầu xuân",
        "Chợ quê {place} vào mùa {product}",
    ],
}

SAPOS = {
    "default": [
        "Thời gian qua, {place} đã triển khai đồng bộ nhiều giải pháp, tạo chuyển biến rõ nét về {field}.",
        "Với sự vào cuộc của cả hệ thống chính trị và sự đồng thuận của nhân dân, {place} đã đạt nhiều kết quả.",
        "Sáng nay, {place} tổ chức sự kiện với sự tham gia của đông đảo cán bộ và người dân.",
        "Năm {year}, dù còn nhiều khó khăn, {place} vẫn hoàn thành và vượt nhiều chỉ tiêu đề ra.",
        "Những ngày {month}, phóng viên Báo Hà Tĩnh ghi nhận không khí khẩn trương tại {place}.",
    ],
}

MONTHS = [
    "tháng Giêng",
    "tháng Hai",
    "tháng Ba",
    "tháng Tư",
    "tháng Năm",
    "tháng Sáu",
    "tháng Bảy",
    "tháng Tám",
    "tháng Chín",
    "tháng Mười",
    "tháng Mười một",
    "tháng Chạp",
]

# A story draws its paragraphs from its section's list (or "default") plus "closing", and keeps them in this
# order. Numbers are drawn again for each paragraph.
PARAGRAPHS = {
    "default": [
        "Theo báo cáo của UBND {place}, đến nay đã có hơn {big} lượt người dân được tuyên truyền, hướng dẫn; "
        "{pct}% thôn, tổ dân phố hoàn thành kế hoạch đề ra.",
        "Bà con phấn khởi khi được trực tiếp tham gia và giám sát. Nhiều hộ đã chủ động đóng góp ngày công, "
        "kinh phí, cùng chính quyền thực hiện.",
        "Tổng kinh phí thực hiện trên {n} tỷ đồng, trong đó nhân dân đóng góp khoảng {pct}%.",
        "Cũng trong dịp này, {n} tập thể và cá nhân có thành tích xuất sắc đã được khen thưởng.",
        "Bên cạnh kết quả đạt được, {place} vẫn còn một số khó khăn như nguồn lực hạn chế, thời tiết diễn biến "
        "phức tạp, một bộ phận người dân chưa thực sự vào cuộc.",
    ],
    "nong-nghiep": [
        "Toàn {place} đã gieo cấy hơn {big} ha {crop}, đạt {pct}% kế hoạch; năng suất ước tăng so với cùng kỳ.",
        "Ngành nông nghiệp khuyến cáo bà con theo dõi chặt chẽ sâu bệnh, chăm bón đúng lịch thời vụ.",
        "Nhiều mô hình liên kết sản xuất {crop} gắn với tiêu thụ sản phẩm đã giúp nông dân yên tâm đầu tư.",
        "Bà con phấn khởi khi được trực tiếp tham gia và giám sát. Nhiều hộ đã chủ động đóng góp ngày công, "
        "kinh phí, cùng chính quyền thực hiện.",
    ],
    "phap-luat": [
        "Qua kiểm tra, lực lượng chức năng phát hiện và lập biên bản {n} trường hợp vi phạm.",
        "Tang vật thu giữ gồm nhiều điện thoại di động, phương tiện và các giấy tờ liên quan.",
        "Vụ việc đang được cơ quan chức năng tiếp tục điều tra, làm rõ để xử lý theo quy định của pháp luật.",
        "Công an khuyến cáo người dân nâng cao cảnh giác, kịp thời trình báo khi phát hiện dấu hiệu {offence}.",
    ],
    "van-hoa-giai-tri": [
        "Chương trình thu hút hàng nghìn người dân và du khách, với nhiều tiết mục dân ca ví, giặm đặc sắc.",
        "Bên cạnh phần lễ trang nghiêm là phần hội với các trò chơi dân gian như kéo co, đẩy gậy, đua thuyền.",
        "Các hoạt động văn hóa, thể thao diễn ra sôi nổi, góp phần giữ gìn bản sắc quê hương.",
    ],
    "the-thao": [
        "Giải có sự tham gia của {n} đội đến từ các xã, phường trên địa bàn.",
        "Các trận đấu diễn ra hấp dẫn, tinh thần thi đấu trung thực, cao thượng.",
        "Ban tổ chức đã trao giải nhất, nhì, ba và các giải phong cách cho những tập thể, cá nhân xuất sắc.",
    ],
    "giao-duc": [
        "Toàn {place} hiện có {n} trường đạt chuẩn quốc gia, tỷ lệ huy động trẻ đến trường đạt {pct}%.",
        "Nhà trường đã chủ động rà soát cơ sở vật chất, bảo đảm đủ phòng học, bàn ghế cho học sinh.",
        "Phụ huynh đánh giá cao sự chuẩn bị chu đáo của nhà trường và đội ngũ giáo viên.",
    ],
    "y-te": [
        "Trong đợt này, các y, bác sĩ đã khám, tư vấn và cấp thuốc miễn phí cho {big} lượt người.",
        "Ngành y tế khuyến cáo người dân chủ động phòng bệnh, khám sức khỏe định kỳ.",
        "Tỷ lệ người dân tham gia bảo hiểm y tế trên địa bàn đạt {pct}%.",
    ],
    "closing": [
        "Đại diện lãnh đạo địa phương cho biết: “Chúng tôi xác định đây là nhiệm vụ trọng tâm, phải làm thường "
        "xuyên, liên tục, lấy sự hài lòng của người dân làm thước đo.”",
        "Thời gian tới, địa phương tiếp tục rà soát, bổ sung kế hoạch, huy động mọi nguồn lực, phấn đấu hoàn thành "
        "các chỉ tiêu trong năm {year}.",
    ],
}
