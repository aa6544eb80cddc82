// WYSIWYG body editor: a contenteditable area kept in sync with the form's textarea.
// The server sanitises the HTML on save, so this script only has to be convenient, not safe.
"use strict";
(function () {
    const SAFE_LINK = /^(https?:\/\/|mailto:|\/)/i;

    function button(label, title, onClick) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "rte-button";
        b.textContent = label;
        b.title = title;
        b.addEventListener("mousedown", (event) => event.preventDefault());
        b.addEventListener("click", onClick);
        return b;
    }

    function figureFor(image) {
        const figure = document.createElement("figure");
        figure.className = "body-image-" + image.id;
        const img = document.createElement("img");
        img.src = image.thumb;
        img.alt = image.alt || "";
        figure.appendChild(img);
        if (image.caption) {
            const caption = document.createElement("figcaption");
            caption.textContent = image.caption;
            figure.appendChild(caption);
        }
        return figure.outerHTML + "<p><br></p>";
    }

    function setUp(textarea) {
        const labels = JSON.parse(textarea.dataset.labels || "{}");
        const images = JSON.parse(textarea.dataset.images || "[]");
        const wrapper = document.createElement("div");
        wrapper.className = "rte";
        const toolbar = document.createElement("div");
        toolbar.className = "rte-toolbar";
        toolbar.setAttribute("role", "toolbar");
        const area = document.createElement("div");
        area.className = "rte-area";
        area.contentEditable = "true";
        area.setAttribute("role", "textbox");
        area.setAttribute("aria-multiline", "true");
        // Start inside a paragraph, so the first line typed is not bare text.
        area.innerHTML = textarea.value.trim() || "<p><br></p>";
        textarea.parentNode.insertBefore(wrapper, textarea);
        wrapper.append(toolbar, area, textarea);
        textarea.hidden = true;

        let savedRange = null;
        const sync = () => {
            if (!textarea.hidden) return;
            textarea.value = area.innerHTML;
        };
        const remember = () => {
            const selection = window.getSelection();
            if (selection.rangeCount && area.contains(selection.anchorNode)) {
                savedRange = selection.getRangeAt(0).cloneRange();
            }
        };
        const restore = () => {
            area.focus();
            if (savedRange) {
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(savedRange);
            }
        };
        const run = (command, value) => () => {
            restore();
            document.execCommand(command, false, value);
            sync();
        };
        document.execCommand("defaultParagraphSeparator", false, "p");

        toolbar.append(
            button("¶", labels.paragraph, run("formatBlock", "<p>")),
            button("H2", labels.heading2, run("formatBlock", "<h2>")),
            button("H3", labels.heading3, run("formatBlock", "<h3>")),
            button("B", labels.bold, run("bold")),
            button("I", labels.italic, run("italic")),
            button("•", labels.bulletList, run("insertUnorderedList")),
            button("1.", labels.numberedList, run("insertOrderedList")),
            button("❝", labels.quote, run("formatBlock", "<blockquote>")),
            button(labels.link, labels.link, () => {
                restore();
                const url = window.prompt(labels.linkPrompt, "https://");
                if (!url) return;
                if (!SAFE_LINK.test(url.trim())) {
                    window.alert(labels.badLink);
                    return;
                }
                restore();
                document.execCommand("createLink", false, url.trim());
                sync();
            }),
            button(labels.unlink, labels.unlink, run("unlink")),
            button(labels.clear, labels.clear, run("removeFormat")),
        );

        const picker = document.createElement("select");
        picker.className = "rte-images";
        picker.title = labels.insertImage;
        const placeholder = new Option(images.length ? labels.insertImage : labels.noImages, "");
        picker.add(placeholder);
        for (const image of images) {
            picker.add(new Option(image.caption || image.alt || image.name, String(image.id)));
        }
        picker.disabled = !images.length;
        picker.addEventListener("change", () => {
            const image = images.find((item) => String(item.id) === picker.value);
            picker.value = "";
            if (!image) return;
            restore();
            document.execCommand("insertHTML", false, figureFor(image));
            sync();
        });
        toolbar.append(picker);

        toolbar.append(
            button(labels.source, labels.source, () => {
                if (textarea.hidden) {
                    sync();
                    textarea.hidden = false;
                    area.hidden = true;
                } else {
                    area.innerHTML = textarea.value;
                    textarea.hidden = true;
                    area.hidden = false;
                }
            }),
        );

        area.addEventListener("input", sync);
        area.addEventListener("keyup", remember);
        area.addEventListener("mouseup", remember);
        area.addEventListener("blur", remember);
        textarea.form.addEventListener("submit", sync);
    }

    function init() {
        document.querySelectorAll("textarea[data-rich-text]").forEach(setUp);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
