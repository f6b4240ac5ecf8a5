// Progressive enhancement only: every feature of the board works without this file.
document.addEventListener('DOMContentLoaded', () => {
  const textarea = document.querySelector('.message-form textarea');
  const counter = document.querySelector('.message-form .char-count');
  if (textarea && counter) {
    const max = Number(textarea.dataset.maxLength);
    // Counted as the api counts: code points of the trimmed text (an emoji is one), line breaks as one.
    const update = () => {
      const length = [...textarea.value.trim()].length;
      counter.textContent = `${length} / ${max}`;
      counter.classList.toggle('over-limit', length > max);
      textarea.setCustomValidity(length > max ? `At most ${max} characters (this has ${length}).` : '');
    };
    counter.hidden = false;
    textarea.addEventListener('input', update);
    update();
  }

  for (const form of document.querySelectorAll('.message-form, .delete-form')) {
    form.addEventListener('submit', (event) => {
      if (form.classList.contains('delete-form') && !window.confirm('Delete this message?')) {
        event.preventDefault();
        return;
      }
      // A second click while the first submission is in flight would post the message twice.
      for (const button of form.querySelectorAll('button')) button.disabled = true;
    });
  }
});
