// Django's URLify drops most Vietnamese letters and turns "đ" into "dj"; strip marks first ("Đòn bẩy" -> "don-bay").
// The server makes the same slug with articles.text.vn_slugify, whatever this script does.
"use strict";
(function () {
    function wrap() {
        const original = window.URLify;
        if (typeof original !== "function" || original.vietnamese) return;
        const vietnamese = function (s, numChars, allowUnicode) {
            const plain = String(s)
                .replace(/đ/g, "d")
                .replace(/Đ/g, "D")
                .normalize("NFD")
                .replace(/[\u0300-\u036f]/g, "");
            return original(plain, numChars, allowUnicode);
        };
        vietnamese.vietnamese = true;
        window.URLify = vietnamese;
    }
    // urlify.js may load after this file; the slug is only computed once the editor types.
    wrap();
    document.addEventListener("DOMContentLoaded", wrap);
})();
