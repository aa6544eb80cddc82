/*
 * The comment form under a story, improved in place. Without this script everything still works:
 * "Trả lời" links go to ?tra-loi=<id>#binh-luan-form and the form posts and redirects back.
 *
 * With it: "Trả lời" moves the form under the comment; the form is sent with fetch and the server answers
 * JSON (comments.views.post_comment); the answer is shown at the top of the form and announced through its
 * aria-live region; after a successful post the pending comment and the message are scrolled into view
 * (on a phone the reader is down at the send button), otherwise focus moves to the first field with an error. Texts come from data-msg-* attributes rendered through the catalog.
 * No inline code, no dependencies; inserted HTML is the server's own escaped rendering of the comment.
 */
(function () {
  'use strict';

  // The reader's name and e-mail, kept on their own device only and only when they tick "Ghi nhớ thông tin"
  // (a shared computer must not offer the last commenter's address to the next reader).
  var AUTHOR_KEY = 'comments.author';

  function remember(form) {
    var box = form.querySelector('[data-remember]');
    try {
      if (!box || !box.checked) {
        localStorage.removeItem(AUTHOR_KEY);
        return;
      }
      localStorage.setItem(AUTHOR_KEY, JSON.stringify({
        name: form.querySelector('[name="name"]').value,
        email: form.querySelector('[name="email"]').value
      }));
    } catch (e) { /* storage disabled: nothing to remember */ }
  }

  function remembered(form) {
    var control = form.querySelector('[data-remember-control]');
    if (control) control.hidden = false;
    var author;
    try { author = JSON.parse(localStorage.getItem(AUTHOR_KEY) || 'null'); } catch (e) { author = null; }
    if (!author) return;
    var box = form.querySelector('[data-remember]');
    if (box) box.checked = true;
    ['name', 'email'].forEach(function (key) {
      var input = form.querySelector('[name="' + key + '"]');
      if (input && !input.value && typeof author[key] === 'string') input.value = author[key];
    });
  }

  function init(block) {
    var form = block.querySelector('[data-comment-form]');
    if (!form) return;
    // Answers appear at the top of the form, where the reader is looking, and are announced from there.
    var status = form.querySelector('[data-form-status]') || block.querySelector('[data-comments-status]');
    var list = block.querySelector('[data-comments-list]');
    var parentInput = form.querySelector('[data-reply-parent]');
    var tsInput = form.querySelector('[data-form-ts]');
    var replying = form.querySelector('[data-replying]');
    var replyingText = form.querySelector('[data-replying-text]');
    var submit = form.querySelector('button[type="submit"]');
    var home = document.createComment('comment form');
    form.parentNode.insertBefore(home, form);
    remembered(form);

    function say(text, link) {
      // Replace the region's content so screen readers announce the new message once.
      status.textContent = '';
      var p = document.createElement('p');
      p.className = 'comments__message';
      p.textContent = text;
      if (link && link.href) {
        var a = document.createElement('a');
        a.href = link.href;
        a.textContent = link.text;
        p.appendChild(document.createTextNode(' '));
        p.appendChild(a);
      }
      status.appendChild(p);
    }

    function keepingPosition(change) {
      // Content inserted above the form must not push what the reader is looking at.
      var before = form.getBoundingClientRect().top;
      var active = document.activeElement;
      change();
      // Moving the form in the document drops focus: give it back to the same control.
      if (active && form.contains(active) && document.activeElement !== active) active.focus({preventScroll: true});
      var after = form.getBoundingClientRect().top;
      if (after !== before) window.scrollBy(0, after - before);
    }

    function replyTo(id, name, anchor) {
      parentInput.value = id;
      replyingText.textContent = form.getAttribute('data-msg-reply').replace('__NAME__', name);
      replying.hidden = false;
      anchor.parentNode.insertBefore(form, anchor.nextSibling);
      var body = form.querySelector('[name="body"]');
      if (body) body.focus();
    }

    function cancelReply() {
      parentInput.value = '';
      replying.hidden = true;
      replyingText.textContent = '';
      home.parentNode.insertBefore(form, home.nextSibling);
    }

    block.addEventListener('click', function (event) {
      var link = event.target.closest('[data-reply-to]');
      if (link) {
        event.preventDefault();
        replyTo(link.getAttribute('data-reply-to'), link.getAttribute('data-reply-name'), link.closest('.comment'));
        return;
      }
      if (event.target.closest('[data-reply-cancel]')) {
        event.preventDefault();
        cancelReply();
        var reply = form.querySelector('[name="body"]');
        if (reply) reply.focus();
      }
    });

    function clearErrors() {
      form.querySelectorAll('[data-field]').forEach(function (field) {
        field.classList.remove('comment-form__field--error');
        var error = field.querySelector('[data-field-error]');
        if (error) error.textContent = '';
        var input = field.querySelector('input, textarea');
        if (input) input.removeAttribute('aria-invalid');
      });
      var old = form.querySelector('.comment-form__errors');
      if (old) old.remove();
    }

    function showErrors(errors) {
      var first = null;
      var general = [];
      Object.keys(errors || {}).forEach(function (name) {
        var field = form.querySelector('[data-field="' + name + '"]');
        if (!field) {
          general = general.concat(errors[name]);
          return;
        }
        field.classList.add('comment-form__field--error');
        field.querySelector('[data-field-error]').textContent = errors[name].join(' ');
        var input = field.querySelector('input, textarea');
        if (input) {
          input.setAttribute('aria-invalid', 'true');
          if (!first) first = input;
        }
      });
      return {first: first, general: general};
    }

    function insertComment(html, parentId) {
      var target = list;
      if (parentId) {
        var root = block.querySelector('[data-comment-id="' + parentId + '"]');
        var item = root && root.closest('.comments__item');
        if (item) {
          target = item.querySelector('.comments__replies');
          if (!target) {
            target = document.createElement('ol');
            target.className = 'comments__replies';
            item.appendChild(target);
          }
        }
      }
      var li = document.createElement('li');
      li.className = 'comments__item';
      li.insertAdjacentHTML('beforeend', html);
      target.appendChild(li);
      list.hidden = false;
      return li;
    }

    function reveal(item) {
      // On a phone the reader is down at the send button: scroll the pending comment and the message (already
      // announced by its aria-live region) into view together, or at least the message.
      var a = item.getBoundingClientRect();
      var b = status.getBoundingClientRect();
      var top = Math.min(a.top, b.top);
      var bottom = Math.max(a.bottom, b.bottom);
      if (bottom - top <= window.innerHeight) {
        if (top < 0 || bottom > window.innerHeight) window.scrollBy(0, top - Math.max(0, (window.innerHeight - (bottom - top)) / 2));
      } else {
        status.scrollIntoView({block: 'center'});
      }
    }

    var busy = false;
    form.addEventListener('submit', function (event) {
      if (!window.fetch || !window.FormData) return;
      event.preventDefault();
      if (busy) return;
      busy = true;
      clearErrors();
      // aria-disabled rather than disabled: a disabled button would lose the keyboard focus.
      submit.setAttribute('aria-disabled', 'true');
      say(form.getAttribute('data-msg-sending'));
      fetch(form.action, {
        method: 'POST',
        body: new FormData(form),
        credentials: 'same-origin',
        headers: {'X-Requested-With': 'XMLHttpRequest', 'Accept': 'application/json'}
      }).then(function (response) {
        return response.json();
      }).then(function (data) {
        if (data.ts && tsInput) tsInput.value = data.ts;
        if (data.ok) {
          remember(form);
          var item;
          keepingPosition(function () {
            item = insertComment(data.html, data.parent);
            form.querySelector('[name="body"]').value = '';
            if (parentInput.value) cancelReply();
          });
          say(data.message, {href: data.status_url, text: data.status_link_text});
          reveal(item);
          return;
        }
        var shown = showErrors(data.errors);
        say([data.message].concat(shown.general).join(' '));
        if (shown.first) shown.first.focus();
      }).catch(function () {
        say(form.getAttribute('data-msg-network'));
      }).then(function () {
        busy = false;
        submit.removeAttribute('aria-disabled');
      });
    });
  }

  // "Xem thêm bình luận": the next page of comments joins the list in place. The link itself goes to
  // ?binh-luan=N#binh-luan, so without the script (or if the fetch fails) the reader simply opens that page.
  function more(block) {
    block.addEventListener('click', function (event) {
      var link = event.target.closest('[data-more-url]');
      if (!link || !window.fetch) return;
      event.preventDefault();
      if (link.hasAttribute('aria-disabled')) return;
      link.setAttribute('aria-disabled', 'true');
      fetch(link.getAttribute('data-more-url'), {credentials: 'same-origin'}).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      }).then(function (html) {
        var holder = document.createElement('template');
        holder.innerHTML = html;
        var list = block.querySelector('[data-comments-list]');
        var page = holder.content.querySelector('[data-comments-page]');
        var first = page && page.querySelector('.comment');
        while (page && page.firstElementChild) list.appendChild(page.firstElementChild);
        var next = holder.content.querySelector('[data-comments-more]');
        var current = link.closest('[data-comments-more]');
        if (next) current.replaceWith(next); else current.remove();
        // Keyboard and screen-reader users continue from the first comment just added.
        if (first) {
          first.setAttribute('tabindex', '-1');
          first.focus();
        }
      }).catch(function () {
        window.location.href = link.href;
      });
    });
  }

  function start() {
    document.querySelectorAll('[data-comments]').forEach(init);
    document.querySelectorAll('[data-comments]').forEach(more);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
