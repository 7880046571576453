/**
 * Debris phrases in languages other than English, one table per language: the headings that
 * end an article ("Lesen Sie auch", "Читайте также", "相关新闻", "اقرأ أيضا"), the labels that
 * open an inline "read also" line, and the one-word advertising markers. Shape comes first (see
 * text.ts: teaser cards, "outlet · 5 minutes ago" lines); these lists name what shape alone
 * cannot tell from a short heading of the story. Every phrase is written as a reader sees it;
 * `phraseKey` folds case, Arabic letter variants and diacritics, so one spelling covers its
 * variants. docs/languages.md lists them.
 */

/** Terminator kinds (as in rules.ts) -> headings in each language. */
interface LanguagePhrases {
  related: readonly string[];
  more: readonly string[];
  popular: readonly string[];
  recommended: readonly string[];
  comments: readonly string[];
  tags: readonly string[];
  /** Labels of a "read also: <headline>" line inside an article. */
  readAlso: readonly string[];
  /** Lines that are an advertising marker alone. */
  ads: readonly string[];
  /** Labels of a photo credit ("Foto: …", "Фото: …"). */
  credits: readonly string[];
}

export const LANGUAGE_PHRASES: Readonly<Record<string, LanguagePhrases>> = {
  de: {
    related: ['lesen sie auch', 'lesen sie dazu', 'auch interessant', 'mehr zum thema', 'zum thema', 'verwandte artikel', 'ähnliche artikel', 'ähnliche nachrichten', 'weiterführende artikel'],
    more: ['weitere nachrichten', 'weitere artikel', 'mehr nachrichten', 'weitere meldungen', 'mehr aus dem ressort', 'neueste artikel', 'aktuelle nachrichten'],
    popular: ['meistgelesen', 'meist gelesen', 'am meisten gelesen', 'top-artikel', 'beliebte artikel'],
    recommended: ['das könnte sie auch interessieren', 'das könnte sie interessieren', 'empfehlungen', 'unsere empfehlung', 'auch lesenswert'],
    comments: ['kommentare', 'kommentar', 'kommentar schreiben', 'diskussion', 'leserkommentare'],
    tags: ['schlagworte', 'schlagwörter', 'themen'],
    readAlso: ['lesen sie auch', 'lesen sie dazu', 'lesen sie mehr', 'mehr dazu', 'auch interessant', 'siehe auch', 'zum thema', 'lesetipp'],
    ads: ['anzeige', 'werbung', 'sponsored'],
    credits: ['bild', 'foto', 'fotos', 'quelle bild'],
  },
  fr: {
    related: ['lire aussi', 'à lire aussi', 'a lire aussi', 'sur le même sujet', 'articles liés', 'articles similaires', 'dans la même rubrique', 'voir aussi', 'à lire également'],
    more: ['autres actualités', 'plus d\'actualités', 'dernières actualités', 'toute l\'actualité', 'autres articles'],
    popular: ['les plus lus', 'les plus consultés', 'les plus partagés', 'populaires'],
    recommended: ['vous aimerez aussi', 'vous pourriez aussi aimer', 'nos recommandations', 'à découvrir aussi', 'recommandé pour vous'],
    comments: ['commentaires', 'commentaire', 'réagir', 'laisser un commentaire', 'réactions'],
    tags: ['mots-clés', 'mots clés', 'thèmes'],
    readAlso: ['lire aussi', 'à lire aussi', 'a lire aussi', 'lire également', 'voir aussi', 'à voir aussi', 'sur le même sujet'],
    ads: ['publicité', 'annonce'],
    credits: ['photo', 'crédit photo', 'crédits photo', 'illustration'],
  },
  es: {
    related: ['noticias relacionadas', 'artículos relacionados', 'relacionados', 'lee también', 'lea también', 'te puede interesar', 'también te puede interesar', 'ver también'],
    more: ['otras noticias', 'más noticias', 'más información', 'últimas noticias', 'más artículos'],
    popular: ['lo más leído', 'lo más visto', 'más leídas', 'más leídos', 'lo más popular'],
    recommended: ['te recomendamos', 'recomendados', 'recomendado para ti', 'quizás te interese', 'también te puede gustar'],
    comments: ['comentarios', 'comentario', 'deja un comentario', 'deja tu comentario'],
    tags: ['etiquetas', 'temas'],
    readAlso: ['lee también', 'lea también', 'leer también', 'relacionado', 'relacionada', 'ver también', 'te puede interesar', 'más información'],
    ads: ['publicidad', 'anuncio'],
    credits: ['foto', 'fotos', 'imagen', 'crédito'],
  },
  pt: {
    related: ['leia também', 'veja também', 'notícias relacionadas', 'artigos relacionados', 'relacionadas'],
    more: ['mais notícias', 'outras notícias', 'últimas notícias'],
    popular: ['mais lidas', 'mais lidos', 'mais vistas'],
    recommended: ['recomendados', 'você também pode gostar', 'pode te interessar'],
    comments: ['comentários', 'comentário', 'deixe um comentário'],
    tags: ['tags', 'temas'],
    readAlso: ['leia também', 'leia mais', 'veja também', 'saiba mais'],
    ads: ['publicidade', 'anúncio'],
    credits: ['foto', 'fotos', 'imagem'],
  },
  it: {
    related: ['leggi anche', 'articoli correlati', 'notizie correlate', 'correlati', 'potrebbe interessarti', 'potrebbe interessarti anche', 'vedi anche'],
    more: ['altre notizie', 'ultime notizie', 'altri articoli', 'dalla stessa sezione'],
    popular: ['i più letti', 'più letti', 'più lette', 'i più visti', 'i più condivisi'],
    recommended: ['ti potrebbe interessare', 'ti consigliamo', 'consigliati per te', 'potrebbe piacerti anche'],
    comments: ['commenti', 'commento', 'lascia un commento'],
    tags: ['argomenti', 'tag'],
    readAlso: ['leggi anche', 'leggi pure', 'correlato', 'correlata', 'vedi anche', 'approfondisci'],
    ads: ['pubblicità', 'annuncio', 'sponsorizzato'],
    credits: ['foto', 'immagine', 'credito foto'],
  },
  nl: {
    related: ['lees ook', 'gerelateerde artikelen', 'gerelateerd', 'meer over dit onderwerp'],
    more: ['meer nieuws', 'ander nieuws', 'laatste nieuws'],
    popular: ['meest gelezen', 'populair'],
    recommended: ['aanbevolen', 'dit vind je misschien ook leuk'],
    comments: ['reacties', 'reactie', 'plaats een reactie'],
    tags: ['tags', 'onderwerpen'],
    readAlso: ['lees ook', 'lees meer', 'zie ook'],
    ads: ['advertentie'],
    credits: ['foto', 'beeld'],
  },
  pl: {
    related: ['czytaj także', 'czytaj też', 'zobacz także', 'zobacz też', 'podobne artykuły', 'powiązane artykuły', 'polecane artykuły'],
    more: ['więcej wiadomości', 'inne wiadomości', 'najnowsze wiadomości', 'więcej artykułów', 'pozostałe wiadomości'],
    popular: ['najczęściej czytane', 'najpopularniejsze', 'najchętniej czytane'],
    recommended: ['polecamy', 'może cię zainteresować', 'warto przeczytać'],
    comments: ['komentarze', 'komentarz', 'dodaj komentarz'],
    tags: ['tagi', 'tematy'],
    readAlso: ['czytaj także', 'czytaj też', 'czytaj więcej', 'zobacz także', 'zobacz też', 'przeczytaj też', 'polecamy'],
    ads: ['reklama', 'materiał sponsorowany'],
    credits: ['fot.', 'fot', 'foto', 'zdjęcie'],
  },
  ru: {
    related: ['читайте также', 'читайте еще', 'похожие новости', 'похожие статьи', 'по теме', 'связанные новости', 'смотрите также', 'материалы по теме'],
    more: ['другие новости', 'ещё новости', 'еще новости', 'все новости', 'последние новости', 'новости по теме', 'больше новостей'],
    popular: ['самое читаемое', 'популярное', 'самые популярные', 'главное за день', 'читаемое'],
    recommended: ['рекомендуем', 'вам может быть интересно', 'вам также может понравиться', 'выбор редакции'],
    comments: ['комментарии', 'комментарий', 'оставить комментарий', 'обсуждение'],
    tags: ['теги', 'метки', 'темы'],
    readAlso: ['читайте также', 'читайте еще', 'читайте ещё', 'смотрите также', 'по теме', 'см. также', 'подробнее'],
    ads: ['реклама', 'спонсорский материал'],
    credits: ['фото', 'снимок', 'фотография'],
  },
  uk: {
    related: ['читайте також', 'схожі новини', 'по темі', 'дивіться також'],
    more: ['інші новини', 'всі новини', 'останні новини'],
    popular: ['найпопулярніше', 'найчитаніше'],
    recommended: ['рекомендуємо'],
    comments: ['коментарі', 'коментар'],
    tags: ['теги', 'теми'],
    readAlso: ['читайте також', 'дивіться також'],
    ads: ['реклама'],
    credits: ['фото'],
  },
  tr: {
    related: ['ilgili haberler', 'bunlar da ilginizi çekebilir', 'ilginizi çekebilir', 'benzer haberler', 'ayrıca okuyun', 'bunları da okuyun'],
    more: ['diğer haberler', 'daha fazla haber', 'son haberler', 'tüm haberler', 'güncel haberler'],
    popular: ['en çok okunanlar', 'en çok okunan haberler', 'çok okunanlar', 'popüler haberler'],
    recommended: ['önerilen haberler', 'sizin için seçtiklerimiz', 'editörün seçtikleri'],
    comments: ['yorumlar', 'yorum yap', 'yorum yazın'],
    tags: ['etiketler'],
    readAlso: ['ayrıca okuyun', 'ilgili haber', 'ilginizi çekebilir', 'bunu da okuyun', 'okumadan geçme'],
    ads: ['reklam'],
    credits: ['fotoğraf', 'foto', 'görsel'],
  },
  el: {
    related: ['διαβάστε επίσης', 'σχετικά άρθρα', 'σχετικές ειδήσεις'],
    more: ['περισσότερες ειδήσεις', 'άλλες ειδήσεις', 'τελευταίες ειδήσεις'],
    popular: ['δημοφιλή', 'τα πιο δημοφιλή'],
    recommended: ['προτεινόμενα'],
    comments: ['σχόλια', 'σχόλιο'],
    tags: ['ετικέτες'],
    readAlso: ['διαβάστε επίσης', 'διαβάστε ακόμα'],
    ads: ['διαφήμιση'],
    credits: ['φωτογραφία', 'φωτ.'],
  },
  ar: {
    related: ['اقرأ أيضا', 'اقرأ ايضا', 'إقرأ أيضا', 'أخبار ذات صلة', 'مقالات ذات صلة', 'ذات صلة', 'مواضيع ذات صلة', 'قد يهمك', 'قد يهمك أيضا'],
    more: ['أخبار أخرى', 'المزيد من الأخبار', 'آخر الأخبار', 'أحدث الأخبار', 'المزيد'],
    popular: ['الأكثر قراءة', 'الأكثر مشاهدة', 'الأكثر تداولا', 'الأكثر شعبية'],
    recommended: ['مقترحات لك', 'ننصحك بقراءة', 'اخترنا لك', 'قد يعجبك أيضا'],
    comments: ['التعليقات', 'تعليقات', 'أضف تعليقا', 'اترك تعليقا'],
    tags: ['الوسوم', 'كلمات مفتاحية', 'كلمات دلالية'],
    readAlso: ['اقرأ أيضا', 'إقرأ أيضا', 'اقرأ المزيد', 'شاهد أيضا', 'طالع أيضا', 'ذات صلة', 'قد يهمك'],
    ads: ['إعلان', 'اعلان', 'محتوى مدفوع'],
    credits: ['الصورة', 'صورة', 'تصوير', 'مصدر الصورة'],
  },
  fa: {
    related: ['بیشتر بخوانید', 'مطالب مرتبط', 'اخبار مرتبط'],
    more: ['اخبار دیگر', 'آخرین اخبار'],
    popular: ['پربازدیدترین', 'پربازدید'],
    recommended: ['پیشنهاد سردبیر'],
    comments: ['نظرات', 'دیدگاه‌ها'],
    tags: ['برچسب‌ها'],
    readAlso: ['بیشتر بخوانید', 'بخوانید'],
    ads: ['تبلیغات'],
    credits: ['عکس'],
  },
  zh: {
    related: ['相关新闻', '相关阅读', '相关文章', '相关报道', '相关链接', '延伸阅读', '相关推荐', '相關新聞', '相關閱讀', '延伸閱讀'],
    more: ['更多新闻', '更多资讯', '更多文章', '最新新闻', '更多新聞', '最新消息'],
    popular: ['热门新闻', '热门文章', '热门推荐', '排行榜', '热点新闻', '熱門新聞', '點擊排行'],
    recommended: ['猜你喜欢', '为你推荐', '推荐阅读', '编辑推荐', '精彩推荐', '猜你喜歡', '推薦閱讀'],
    comments: ['评论', '网友评论', '发表评论', '評論', '網友評論'],
    tags: ['标签', '關鍵字', '关键词'],
    readAlso: ['相关阅读', '相关新闻', '点击阅读', '延伸阅读', '推荐阅读', '阅读更多', '相關閱讀', '延伸閱讀'],
    ads: ['广告', '廣告', '推广'],
    credits: ['图片来源', '图片', '图', '圖片來源', '摄影', '攝影'],
  },
  ja: {
    related: ['関連記事', '関連ニュース', 'あわせて読みたい', '合わせて読みたい'],
    more: ['その他のニュース', '最新ニュース', 'もっと見る'],
    popular: ['人気記事', 'アクセスランキング', 'ランキング'],
    recommended: ['おすすめ記事', 'おすすめ'],
    comments: ['コメント'],
    tags: ['タグ'],
    readAlso: ['関連記事', 'あわせて読みたい', '関連'],
    ads: ['広告'],
    credits: ['写真', '画像'],
  },
  ko: {
    related: ['관련기사', '관련 기사', '관련뉴스', '함께 볼만한 뉴스'],
    more: ['다른 뉴스', '최신 뉴스', '더보기'],
    popular: ['많이 본 뉴스', '인기 기사'],
    recommended: ['추천 기사'],
    comments: ['댓글'],
    tags: ['태그'],
    readAlso: ['관련기사', '관련 기사'],
    ads: ['광고'],
    credits: ['사진'],
  },
  hi: {
    related: ['यह भी पढ़ें', 'ये भी पढ़ें', 'संबंधित खबरें', 'संबंधित ख़बरें'],
    more: ['और खबरें', 'अन्य खबरें', 'ताज़ा खबरें'],
    popular: ['सबसे ज्यादा पढ़ी गई', 'लोकप्रिय'],
    recommended: ['आपके लिए'],
    comments: ['टिप्पणियाँ', 'कमेंट'],
    tags: ['टैग'],
    readAlso: ['यह भी पढ़ें', 'ये भी पढ़ें', 'इसे भी पढ़ें'],
    ads: ['विज्ञापन'],
    credits: ['फोटो', 'तस्वीर'],
  },
  th: {
    related: ['ข่าวที่เกี่ยวข้อง', 'บทความที่เกี่ยวข้อง', 'อ่านเพิ่มเติม'],
    more: ['ข่าวอื่นๆ', 'ข่าวล่าสุด'],
    popular: ['ข่าวยอดนิยม', 'ยอดนิยม'],
    recommended: ['แนะนำ'],
    comments: ['ความคิดเห็น'],
    tags: ['แท็ก'],
    readAlso: ['อ่านเพิ่มเติม', 'อ่านต่อ', 'ข่าวที่เกี่ยวข้อง'],
    ads: ['โฆษณา'],
    credits: ['ภาพ', 'ภาพประกอบ'],
  },
};

const ARABIC_MARKS = /[\u064b-\u065f\u0670\u0640]/g;

/**
 * The form a phrase is looked up in: lower case (Turkish dotted and dotless i both read as i),
 * Arabic diacritics and tatweel dropped, alef, yeh and kaf variants folded, runs of blanks one
 * space.
 */
export function phraseKey(s: string): string {
  const lower = s.toLowerCase();
  // most lines need no folding: one scan instead of six regex passes and their copies
  if (!needsFolding(lower)) return lower;
  return lower
    .replace(/i\u0307|\u0131/g, 'i')
    .replace(ARABIC_MARKS, '')
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627')
    .replace(/[\u06cc\u0649]/g, '\u064a')
    .replace(/\u06a9/g, '\u0643')
    .replace(/[\s\u200c\u200b]+/g, ' ')
    .trim();
}

/**
 * Whether phraseKey's replacements would change a lower-cased string: it holds a combining dot
 * or dotless i, an Arabic letter, a blank other than a single space between two characters, or a
 * zero-width space or non-joiner.
 */
function needsFolding(lower: string): boolean {
  const n = lower.length;
  if (n > 0 && (lower.charCodeAt(0) === 32 || lower.charCodeAt(n - 1) === 32)) return true;
  for (let i = 0; i < n; i++) {
    const c = lower.charCodeAt(i);
    if (c < 128) {
      if (c === 32 ? lower.charCodeAt(i + 1) === 32 : c >= 9 && c <= 13) return true;
      continue;
    }
    if (c === 0x307 || c === 0x131 || (c >= 0x600 && c <= 0x6ff) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200c)) return true;
    if (c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff) return true;
  }
  return false;
}

/** Headings of every language -> terminator kind, keyed by phraseKey. */
export function languageTerminators(): Map<string, string> {
  const out = new Map<string, string>();
  for (const phrases of Object.values(LANGUAGE_PHRASES)) {
    for (const kind of ['related', 'more', 'popular', 'recommended', 'comments', 'tags'] as const) {
      for (const phrase of phrases[kind]) if (!out.has(phraseKey(phrase))) out.set(phraseKey(phrase), kind);
    }
  }
  return out;
}

/** Every language's "read also" labels, keyed by phraseKey. */
export function languageReadAlsoLabels(): Set<string> {
  return new Set(Object.values(LANGUAGE_PHRASES).flatMap((p) => p.readAlso.map(phraseKey)));
}

/** Every language's advertising markers, keyed by phraseKey. */
export function languageAdMarkers(): Set<string> {
  return new Set(Object.values(LANGUAGE_PHRASES).flatMap((p) => p.ads.map(phraseKey)));
}

/** Every language's photo-credit labels, keyed by phraseKey. */
export function languageCreditLabels(): Set<string> {
  return new Set(Object.values(LANGUAGE_PHRASES).flatMap((p) => p.credits.map(phraseKey)));
}
