// planlens report: collapsible trees with keyboard navigation (the WAI-ARIA
// tree pattern), flame graph hover and click-through, copy buttons, and
// everything expanded for printing. The page reads fine without it.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  var hasKids = function (li) { return li.hasAttribute('aria-expanded'); };
  var expanded = function (li) { return li.getAttribute('aria-expanded') === 'true'; };
  var kidsOf = function (li) {
    var ul = li.lastElementChild;
    return ul && ul.classList.contains('kids') ? ul : null;
  };
  var parentNode = function (li) {
    var ul = li.parentElement;
    return ul && ul.classList.contains('kids') ? ul.parentElement : null;
  };
  var setExpanded = function (li, on) { if (hasKids(li)) li.setAttribute('aria-expanded', on ? 'true' : 'false'); };
  var toggleProps = function (li) { li.classList.toggle('open'); };

  // The next and previous visible tree items, without measuring layout.
  var nextVisible = function (li) {
    if (hasKids(li) && expanded(li)) return kidsOf(li).firstElementChild;
    for (var at = li; at; at = parentNode(at)) if (at.nextElementSibling) return at.nextElementSibling;
    return null;
  };
  var lastVisible = function (li) {
    while (hasKids(li) && expanded(li)) li = kidsOf(li).lastElementChild;
    return li;
  };
  var prevVisible = function (li) {
    return li.previousElementSibling ? lastVisible(li.previousElementSibling) : parentNode(li);
  };

  // One tab stop per tree: the item last focused.
  var focusItem = function (li) {
    var tree = li.closest('ul.tree');
    var current = tree.querySelector('li.node[tabindex="0"]');
    if (current && current !== li) current.setAttribute('tabindex', '-1');
    li.setAttribute('tabindex', '0');
    li.focus({ preventScroll: true });
    li.firstElementChild.scrollIntoView({ block: 'nearest' });
  };

  // Opens every collapsed ancestor, then focuses the item.
  var reveal = function (li) {
    for (var at = parentNode(li); at; at = parentNode(at)) setExpanded(at, true);
    focusItem(li);
    li.firstElementChild.scrollIntoView({ block: 'center' });
  };

  var onTreeKey = function (event) {
    var li = event.target.closest('li.node');
    if (!li || event.target !== li || event.altKey || event.ctrlKey || event.metaKey) return;
    var go = null;
    switch (event.key) {
      case 'ArrowDown': go = nextVisible(li); break;
      case 'ArrowUp': go = prevVisible(li); break;
      case 'ArrowRight':
        if (hasKids(li) && !expanded(li)) setExpanded(li, true);
        else if (hasKids(li)) go = kidsOf(li).firstElementChild;
        break;
      case 'ArrowLeft':
        if (hasKids(li) && expanded(li)) setExpanded(li, false);
        else go = parentNode(li);
        break;
      case 'Home': go = li.closest('ul.tree').firstElementChild; break;
      case 'End': go = lastVisible(li.closest('ul.tree').lastElementChild); break;
      case 'Enter': case ' ': toggleProps(li); break;
      default: return;
    }
    event.preventDefault();
    if (go) focusItem(go);
  };

  var onTreeClick = function (event) {
    var li = event.target.closest('li.node');
    if (!li || event.target.closest('a, .props')) return;
    if (event.target.closest('button.tog')) setExpanded(li, !expanded(li));
    else if (event.target.closest('.row')) toggleProps(li);
    focusItem(li);
  };

  var setAll = function (section, on) {
    section.querySelectorAll('ul.tree li.node[aria-expanded]').forEach(function (li) { setExpanded(li, on); });
  };

  // Flame graph frames point at their tree items (id "p<plan>n<node>").
  var itemOf = function (frame) {
    return document.getElementById(frame.closest('svg').getAttribute('data-items') + frame.getAttribute('data-node'));
  };
  var lit = [];
  var unlight = function () { lit.forEach(function (el) { el.classList.remove('lit'); }); lit = []; };
  var light = function (frame) {
    unlight();
    var item = itemOf(frame);
    frame.classList.add('lit');
    lit.push(frame);
    if (item) { item.classList.add('lit'); lit.push(item); }
    var caption = frame.closest('figure').querySelector('figcaption');
    var title = frame.querySelector('title');
    if (caption && title) caption.textContent = title.textContent;
  };

  document.querySelectorAll('ul.tree').forEach(function (tree) {
    tree.addEventListener('keydown', onTreeKey);
    tree.addEventListener('click', onTreeClick);
  });
  document.querySelectorAll('section.plan').forEach(function (section) {
    section.querySelectorAll('button[data-act]').forEach(function (button) {
      button.addEventListener('click', function () { setAll(section, button.getAttribute('data-act') === 'expand'); });
    });
  });
  document.querySelectorAll('figure.flame svg').forEach(function (svg) {
    var frameAt = function (event) { return event.target.closest && event.target.closest('g[data-node]'); };
    svg.addEventListener('mouseover', function (event) { var f = frameAt(event); if (f) light(f); });
    svg.addEventListener('focusin', function (event) { var f = frameAt(event); if (f) light(f); });
    svg.addEventListener('mouseleave', unlight);
    svg.addEventListener('click', function (event) {
      var f = frameAt(event), item = f && itemOf(f);
      if (item) reveal(item);
    });
    svg.addEventListener('keydown', function (event) {
      var f = frameAt(event), item = f && itemOf(f);
      if (item && (event.key === 'Enter' || event.key === ' ')) { event.preventDefault(); reveal(item); }
    });
  });
  // Links to a node (advice, findings, diffs) open the tree down to it.
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#p"]');
    var item = link && document.getElementById(link.getAttribute('href').slice(1));
    if (item && item.classList.contains('node')) { event.preventDefault(); reveal(item); }
  });

  document.querySelectorAll('button.copy').forEach(function (button) {
    button.addEventListener('click', function () {
      var code = button.parentElement.querySelector('code');
      var text = code ? code.textContent : '';
      var done = function () { button.textContent = 'Copied'; };
      var select = function () {
        var range = document.createRange();
        range.selectNodeContents(code);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        button.textContent = 'Selected';
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, select);
      else select();
    });
  });

  // Print every subtree, then put the page back as it was.
  var collapsed = [];
  window.addEventListener('beforeprint', function () {
    collapsed = Array.prototype.slice.call(document.querySelectorAll('li.node[aria-expanded="false"]'));
    collapsed.forEach(function (li) { setExpanded(li, true); });
  });
  window.addEventListener('afterprint', function () {
    collapsed.forEach(function (li) { setExpanded(li, false); });
    collapsed = [];
  });
})();
