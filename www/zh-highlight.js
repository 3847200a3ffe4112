/* zh-highlight.js — optional, for the pages search results link to.
 *   <script src="/zhsearch/zh-highlight.js" defer></script>
 * A result link carries a text fragment (#:~:text=word) and a
 * ?zhsearch-highlight=word parameter. Where the browser supports text
 * fragments it scrolls and highlights by itself; elsewhere this script marks
 * the first occurrence with <mark class="zhsearch-highlight"> and scrolls to
 * it. Style it from the page's CSS. data-always on the script tag: mark even
 * where text fragments are supported. */
(function () {
  'use strict';
  var me = document.currentScript;
  var always = !!(me && me.hasAttribute('data-always'));
  function run() {
    var w = new URLSearchParams(location.search.slice(0, 4096)).get('zhsearch-highlight');
    if (!w || (!always && document.fragmentDirective)) return;
    w = w.slice(0, 256);
    var it = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentNode.closest('script,style,noscript,textarea') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    for (var n; (n = it.nextNode());) {
      var at = n.data.indexOf(w);
      if (at < 0) continue;
      var r = document.createRange();
      r.setStart(n, at);
      r.setEnd(n, at + w.length);
      var m = document.createElement('mark');
      m.className = 'zhsearch-highlight';
      r.surroundContents(m);
      m.scrollIntoView({ block: 'center' });
      return;
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
  else run();
})();
