// Keeps this user's "has it open" mark alive and shows who else is here.
(function () {
  "use strict";
  var box = document.getElementById("presence");
  var form = document.querySelector("#content-main form");
  if (!box || !form) { return; }
  var token = form.querySelector("[name=csrfmiddlewaretoken]");
  function refresh() {
    var request = new XMLHttpRequest();
    request.open("POST", box.dataset.url);
    request.setRequestHeader("X-CSRFToken", token ? token.value : "");
    request.onload = function () {
      if (request.status !== 200) { return; }
      var others = JSON.parse(request.responseText).others;
      box.hidden = others.length === 0;
      box.querySelector(".names").textContent = others.join("、");
    };
    request.send();
  }
  window.setInterval(refresh, 30000);
}());
