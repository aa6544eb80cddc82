/*
 * Vietnamese typing helper (Telex and VNI) for fields marked data-vn-typing.
 *
 * Off by default; the reader turns it on with the radio buttons of templates/comments/_typing_helper.html
 * (a fieldset marked data-vn-typing-control, hidden until this script runs) and the choice is kept in
 * localStorage. No dependencies, no inline code, no eval: safe under a strict Content-Security-Policy.
 *
 * Telex: s f r x j = sắc huyền hỏi ngã nặng, z removes the tone; aa ee oo = â ê ô; aw ow uw = ă ơ ư,
 *        uow = ươ, w after a consonant = ư ("tw" -> "tư"); dd = đ.   "Vieejt Nam" -> "Việt Nam", "dduwowngf" -> "đường".
 * VNI:   1 2 3 4 5 = sắc huyền hỏi ngã nặng, 0 removes the tone; 6 = â ê ô; 7 = ơ ư (uo7 = ươ); 8 = ă; 9 = đ.
 * Typing a mark key twice takes the mark back and types the key itself ("ass" -> "as", "dd" + "d" -> "dd").
 * Marks are applied only to words spelled like a Vietnamese syllable, so "class" or "Facebook" stay as typed.
 *
 * Tone placement follows the modern rule used by the paper ("hoà", "khoẻ", "thuỷ", "Tỉnh uỷ"): the tone sits on
 * the vowel carrying a shape mark (the last one: "ường"), else on the second vowel of "oa", "oe", "uy" and of
 * any pair followed by a final consonant ("toàn"), else on the middle of three vowels ("ngoái"), else on the
 * first ("múa", "mái"). The tone is placed again after every key, so the order of keys does not matter.
 */
(function () {
  'use strict';

  var TONED = {
    'a': 'aáàảãạ', 'ă': 'ăắằẳẵặ', 'â': 'âấầẩẫậ', 'e': 'eéèẻẽẹ', 'ê': 'êếềểễệ', 'i': 'iíìỉĩị',
    'o': 'oóòỏõọ', 'ô': 'ôốồổỗộ', 'ơ': 'ơớờởỡợ', 'u': 'uúùủũụ', 'ư': 'ưứừửữự', 'y': 'yýỳỷỹỵ'
  };
  var VOWELS = {};  // any toned vowel -> [shaped vowel without tone, tone 0-5]
  Object.keys(TONED).forEach(function (shaped) {
    for (var tone = 0; tone < 6; tone++) VOWELS[TONED[shaped].charAt(tone)] = [shaped, tone];
  });
  var PLAIN = {'ă': 'a', 'â': 'a', 'ê': 'e', 'ô': 'o', 'ơ': 'o', 'ư': 'u', 'đ': 'd'};
  var SHAPED = {
    circumflex: {a: 'â', e: 'ê', o: 'ô'},
    horn: {o: 'ơ', u: 'ư'},
    breve: {a: 'ă'}
  };
  var NUCLEI = (
    'a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iu iê oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ' +
    'ươ ưu yê oai oay oeo uây uôi uya uyê uyu ươi ươu iêu yêu'
  ).split(' ');
  var ONSET = /^(ngh|ng|nh|gh|gi|kh|ph|th|tr|ch|qu|[bcdghklmnprstvx])?/;
  var CODAS = ['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't'];

  var METHODS = {
    telex: {
      tones: {s: 1, f: 2, r: 3, x: 4, j: 5, z: 0},
      shapes: {a: ['circumflex', 'a'], e: ['circumflex', 'e'], o: ['circumflex', 'o'], w: ['horn', 'aou']},
      stroke: 'd'
    },
    vni: {
      tones: {'1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '0': 0},
      shapes: {'6': ['circumflex', 'aeo'], '7': ['horn', 'ou'], '8': ['breve', 'a']},
      stroke: '9'
    }
  };

  /* Split a word into letters {c: lower-case letter without tone, up: upper case?} and its tone. */
  function explode(word) {
    var letters = [];
    var tone = 0;
    for (var i = 0; i < word.length; i++) {
      var ch = word.charAt(i);
      var lower = ch.toLowerCase();
      var vowel = VOWELS[lower];
      if (vowel && vowel[1]) tone = vowel[1];
      letters.push({c: vowel ? vowel[0] : lower, up: ch !== lower});
    }
    return {letters: letters, tone: tone};
  }

  /* Onset, nucleus and coda positions of a word, or null when it is not spelled like Vietnamese. */
  function parse(letters) {
    var plain = letters.map(function (l) { return PLAIN[l.c] || l.c; }).join('');
    var onset = plain.match(ONSET)[0];
    if ((onset === 'gi' || onset === 'qu') && !/[aeiouy]/.test(plain.charAt(2))) onset = onset.charAt(0);
    if (onset === 'q') return null;
    var start = onset.length;
    var end = start;
    while (end < plain.length && 'aeiouy'.indexOf(plain.charAt(end)) >= 0) end++;
    if (end - start > 3 || CODAS.indexOf(plain.slice(end)) < 0) return null;
    if (end === start && end < plain.length) return null;
    return {start: start, end: end, coda: end < plain.length};
  }

  function tonePosition(letters, p) {
    var nucleus = letters.slice(p.start, p.end).map(function (l) { return l.c; });
    for (var i = nucleus.length - 1; i >= 0; i--) {
      if ('ăâêôơư'.indexOf(nucleus[i]) >= 0) return p.start + i;
    }
    if (nucleus.length === 1) return p.start;
    if (nucleus.length === 3) return p.start + 1;
    var pair = nucleus.join('');
    if (p.coda || pair === 'oa' || pair === 'oe' || pair === 'uy') return p.start + 1;
    return p.start;
  }

  function implode(letters, tone) {
    var p = tone ? parse(letters) : null;
    var at = p && p.end > p.start ? tonePosition(letters, p) : -1;
    return letters.map(function (l, i) {
      var ch = i === at ? TONED[l.c].charAt(tone) : l.c;
      return l.up ? ch.toUpperCase() : ch;
    }).join('');
  }

  /* [position, shaped letter] pairs that a shape key sets, e.g. both letters of "uo" for a horn. */
  function shapeTargets(letters, p, kind, bases) {
    var plain = letters.slice(p.start, p.end).map(function (l) { return PLAIN[l.c] || l.c; }).join('');
    var one = function (i, shape) { return [[p.start + i, SHAPED[shape][plain.charAt(i)]]]; };
    if (kind === 'horn') {
      var uo = plain.indexOf('uo');
      // "thuo" + w -> "thuơ" (thuở); "nguo" + w + i -> "ngươi": see fixHorns.
      if (uo >= 0 && p.start + uo + 2 === letters.length && letters[p.start + uo].c === 'u') {
        return [[p.start + uo + 1, 'ơ']];
      }
      if (uo >= 0) return [[p.start + uo, 'ư'], [p.start + uo + 1, 'ơ']];
      if (bases === 'aou') {  // Telex w: "ua" -> "ưa", "oa" -> "oă", "oi" -> "ơi", "a" -> "ă"
        if (plain.indexOf('u') >= 0) return one(plain.indexOf('u'), 'horn');
        if (plain.indexOf('oa') >= 0) return one(plain.indexOf('oa') + 1, 'breve');
        if (plain.indexOf('o') >= 0) return one(plain.indexOf('o'), 'horn');
        return plain.indexOf('a') >= 0 ? one(plain.indexOf('a'), 'breve') : [];
      }
    }
    for (var i = plain.length - 1; i >= 0; i--) {
      if (bases.indexOf(plain.charAt(i)) >= 0) return one(i, kind);
    }
    return [];
  }

  /*
   * The text that replaces `word` once `key` is typed after it, in the given method ("telex" or "vni").
   * Without a transformation this is simply word + key.
   */
  function applyKey(word, key, method) {
    var rules = METHODS[method];
    var k = key.toLowerCase();
    var literal = word + key;
    if (!rules) return literal;
    var w = explode(word);
    var letters = w.letters;
    var p = parse(letters);
    if (!p) return literal;
    var hasNucleus = p.end > p.start;

    if (k in rules.tones && hasNucleus) {
      var tone = rules.tones[k];
      if (tone === w.tone || (tone === 0 && !w.tone)) return implode(letters, 0) + (tone === w.tone && tone ? key : '');
      return implode(letters, tone);
    }
    if (k === rules.stroke && letters.length && (letters[0].c === 'd' || letters[0].c === 'đ')) {
      if (letters[0].c === 'đ') {
        letters[0].c = 'd';
        return implode(letters, w.tone) + key;
      }
      letters[0].c = 'đ';
      return implode(letters, w.tone);
    }
    if (k === 'w' && method === 'telex' && word && !hasNucleus && !p.coda) {
      // "tw" -> "tư"; a w starting a word stays a w ("www", "web"): type "uw" for a lone "ư".
      return word + (key === 'W' ? 'Ư' : 'ư');
    }
    if (k in rules.shapes && hasNucleus) {
      var targets = shapeTargets(letters, p, rules.shapes[k][0], rules.shapes[k][1]);
      if (targets.length && targets.every(function (t) { return letters[t[0]].c === t[1]; })) {
        targets.forEach(function (t) { letters[t[0]].c = PLAIN[t[1]]; });
        return implode(letters, w.tone) + key;
      }
      if (targets.length) {
        targets.forEach(function (t) { letters[t[0]].c = t[1]; });
        var nucleus = letters.slice(p.start, p.end).map(function (l) { return l.c; }).join('');
        if (NUCLEI.indexOf(nucleus) >= 0) return implode(letters, w.tone);
      }
    }
    var appended = explode(word + key).letters;
    return parse(appended) ? implode(fixHorns(appended), w.tone) : literal;
  }

  /* "uơ" only ends a word (thuở); once a letter follows it is "ươ" (người, được). */
  function fixHorns(letters) {
    for (var i = 0; i + 2 < letters.length; i++) {
      if (letters[i].c === 'u' && letters[i + 1].c === 'ơ') letters[i].c = 'ư';
    }
    return letters;
  }

  /* Type a whole string key by key, as the reader would (used by the tests). */
  function typeText(text, method) {
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var word = out.match(/\p{L}*$/u)[0];
      out = out.slice(0, out.length - word.length) + applyKey(word, text.charAt(i), method);
    }
    return out;
  }

  var api = {applyKey: applyKey, typeText: typeText};
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  if (typeof document === 'undefined') return;

  var STORAGE_KEY = 'vnTyping';
  var method = 'off';

  function setMethod(value, remember) {
    method = METHODS[value] ? value : 'off';
    if (remember) {
      try { window.localStorage.setItem(STORAGE_KEY, method); } catch (e) { /* private mode: not remembered */ }
    }
    document.querySelectorAll('[data-vn-typing-control] input[type="radio"]').forEach(function (radio) {
      radio.checked = radio.value === method;
    });
  }

  function onInput(event) {
    var field = event.target;
    if (method === 'off' || !field.matches || !field.matches('[data-vn-typing]')) return;
    if (event.isComposing || event.inputType !== 'insertText' || !event.data || event.data.length !== 1) return;
    var caret = field.selectionStart;
    if (caret === null || caret !== field.selectionEnd) return;
    var before = field.value.slice(0, caret);
    if (before.slice(-1) !== event.data) return;
    var word = before.slice(0, -1).match(/\p{L}*$/u)[0];
    var result = applyKey(word, event.data, method);
    if (result !== word + event.data) field.setRangeText(result, caret - 1 - word.length, caret, 'end');
  }

  function init() {
    var saved = 'off';
    try { saved = window.localStorage.getItem(STORAGE_KEY) || 'off'; } catch (e) { /* storage blocked */ }
    document.querySelectorAll('[data-vn-typing-control]').forEach(function (control) {
      // A form that marks no field gets the helper on its text areas (the comment body).
      var form = control.closest('form');
      if (form && !form.querySelector('[data-vn-typing]')) {
        form.querySelectorAll('textarea').forEach(function (area) { area.setAttribute('data-vn-typing', ''); });
      }
      control.querySelectorAll('input[type="radio"]').forEach(function (radio) {
        radio.addEventListener('change', function () { if (radio.checked) setMethod(radio.value, true); });
      });
      control.hidden = false;
    });
    setMethod(saved, false);  // read at load, written only when the reader chooses (no storage write on every page)
    document.addEventListener('input', onInput);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
