// "Rate this article": posts the vote with fetch and updates the score without a reload.
// Without JavaScript the same form posts normally and the page comes back (Post/Redirect/Get).
(function () {
  "use strict";

  function describe(score, count) {
    if (!count) return "No votes yet";
    return Number(score).toFixed(1) + " out of 5 from " + count + " vote" + (count === 1 ? "" : "s");
  }

  function enhance(form) {
    var section = form.closest(".rating");
    var scoreNode = section.querySelector("[data-rating-score]");
    var statusNode = form.querySelector("[data-rating-status]");
    var busy = false;

    function send() {
      if (busy) return;
      var data = new FormData(form);
      if (!data.get("value")) {
        statusNode.textContent = "Choose from 1 to 5 stars first.";
        return;
      }
      busy = true;
      statusNode.textContent = "Saving your rating…";
      fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": data.get("csrfmiddlewaretoken") },
      })
        .then(function (response) {
          return response.json().then(function (body) {
            return { ok: response.ok, body: body };
          });
        })
        .then(function (result) {
          if (result.ok) {
            scoreNode.textContent = describe(result.body.score, result.body.count);
            statusNode.textContent = "Thank you: your rating of " + result.body.value + " out of 5 is saved.";
          } else {
            statusNode.textContent = result.body.detail || (result.body.value || ["Your rating was not saved."])[0];
          }
        })
        .catch(function () {
          statusNode.textContent = "Your rating was not saved: the connection failed. Please try again.";
        })
        .finally(function () {
          busy = false;
        });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send();
    });
    // Choosing a star with the mouse or a finger rates at once; keyboard users move along the
    // stars with the arrow keys (each move changes the choice) and confirm with the Rate button.
    var byPointer = false;
    form.addEventListener("pointerdown", function () {
      byPointer = true;
    });
    form.addEventListener("keydown", function () {
      byPointer = false;
    });
    form.addEventListener("change", function (event) {
      if (byPointer && event.target.matches(".star-input")) send();
    });
  }

  document.querySelectorAll("[data-rating-form]").forEach(enhance);
})();
