import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../src/clean/index.js';
import { LANGUAGE_PHRASES, phraseKey } from '../../src/clean/languages.js';
import { SCRIPT_STORIES } from '../helpers/scripts.js';

const story = (family: string): string[] => [...SCRIPT_STORIES.find((s) => s.family === family)!.paragraphs];

function removedBy(res: ReturnType<typeof cleanDocument>, rule: string): string {
  return res.removed
    .filter((r) => r.rule === rule)
    .map((r) => r.text)
    .join('\n');
}

describe('debris in other languages', () => {
  it('ends the article at a teaser list found by its shape, whatever its heading says', () => {
    const body = story('Cyrillic');
    // The heading is in no phrase list: the cards cut with an ellipsis and their "outlet · age" lines give the list away.
    const raw = [
      ...body,
      'Выбор читателей сегодня',
      'Мэрия закрыла на ремонт мост через Обь, движение транспорта будет ограничено…\nСибирский вестник · 12 минут назад',
      'В аэропорту Толмачёво открыли новый терминал для внутренних рейсов и…\nГородские новости · 40 минут назад',
    ].join('\n\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(body.join('\n\n'));
    expect(removedBy(res, 'teaser-list')).toContain('Сибирский вестник · 12 минут назад');
  });

  it('ends a Chinese article at a related-news heading', () => {
    const body = story('Han');
    const appended = '另一则新闻：本市今年将新建二十座公园，预计明年春天对市民开放，各区正在征集市民意见。这些公园将分布在城市东部和北部的新区，每座公园都会配备儿童游乐设施和健身步道。';
    const raw = [...body, '相关新闻', appended].join('\n\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(body.join('\n\n'));
    expect(removedBy(res, 'terminator:related')).toContain(appended);
  });

  it('drops inline "read also" lines, advertising markers and photo credits in other languages', () => {
    const body = story('Arabic');
    const raw = [body[0], 'اقرأ أيضاً: الحكومة تعلن خطة جديدة لدعم الفلاحين', body[1], 'إعلان', 'الصورة: أرشيف', body[2]].join('\n\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(body.join('\n\n'));
    expect(removedBy(res, 'read-also')).toContain('الحكومة تعلن خطة جديدة');
    expect(removedBy(res, 'ad-marker')).toBe('إعلان');
    expect(removedBy(res, 'photo-credit')).toBe('الصورة: أرشيف');
  });

  it('keeps a German paragraph quoting with guillemets as text, not as a menu', () => {
    const quoted = '»Wir haben lange auf diese Entscheidung gewartet«, sagte die Bürgermeisterin am Abend. Die Arbeiten am Hafen sollen im Frühjahr beginnen und etwa zwei Jahre dauern, die Kosten trägt zum großen Teil das Land.';
    const raw = ['Stadtanzeiger | Startseite | Politik', quoted, 'Der Gemeinderat hatte zuvor drei Varianten geprüft und sich mit großer Mehrheit für die günstigste entschieden.', 'Lesen Sie auch', 'Neue Buslinie verbindet die Altstadt mit dem Bahnhof'].join('\n\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text.startsWith(quoted)).toBe(true);
    expect(res.text).not.toContain('Buslinie');
  });

  it('joins a hard-wrapped Chinese paragraph without spaces inside the text', () => {
    const paragraph = story('Han')[0];
    const wrapped = paragraph.match(/.{1,30}/gu)!.join('\n');
    const res = cleanDocument([wrapped, story('Han')[1]].join('\n\n'), 'text');
    expect(res.text.split('\n\n')[0]).toBe(paragraph);
  });

  it('looks every listed phrase up in its folded form', () => {
    for (const phrases of Object.values(LANGUAGE_PHRASES)) for (const phrase of phrases.related) expect(phraseKey(phrase.toUpperCase())).toBe(phraseKey(phrase));
    expect(phraseKey('اقرأ أيضاً')).toBe(phraseKey('اقرا ايضا'));
  });
});
