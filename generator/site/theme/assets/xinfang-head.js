/* Apply the reader's 大字 choice before the first paint, so large text does not flash small.
   A file, not an inline script: the Content-Security-Policy allows only the site's own scripts. */
try{if(localStorage.getItem("xf-large")==="1"){document.documentElement.classList.add("xf-large")}}catch(e){}
