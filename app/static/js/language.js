// The language page: the service worker keeps Vandaag and Nieuw gesprek; in the language
// chosen here from now on (the form's answer, a redirect after a POST, passes no worker).
navigator.serviceWorker?.controller?.postMessage({ type: "LANGUAGE", lang: document.documentElement.lang });
