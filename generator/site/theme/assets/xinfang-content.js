/* material's inline content scripts (partials/javascripts/content.html), as a file for the CSP;
   the linked content tabs part runs only where the page asks for it (data-tabs-link). */
if(document.currentScript.hasAttribute("data-tabs-link")){var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll(".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById(label.htmlFor);input.checked=!0;continue e}}}
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
