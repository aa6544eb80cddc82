// Django's URLify drops most Vietnamese letters and turns "đ" into "dj"; strip marks first ("Đòn bẩy" -> "don-bay").
// The server makes the same slug with articles.text.vn_slugify, whatever this script does.
"use strict";
(function () {
    const original = window.URLify;
    if (typeof original !== "function") return;
    window.URLify = function (s, numChars, allowUnicode) {
        const plain = String(s)
            .replace(/đ/g, "d")
            .replace(/Đ/g, "D")
            .normalize("NFD")
            .replace(/[\u0300-\u036f]/g, "");
        return original(plain, numChars, allowUnicode);
    };
})();
